import type { LocalSettings } from '../store/local-settings.js';

const KEY_PREFIX = 'snooze:';
const ALL = '*';
/** setTimeout's limit; a later expiry is re-checked when this one fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface CameraSnoozesOptions {
  readonly now?: () => Date;
  /** Runs `fn` after `ms` of the clock above (setTimeout; a test with a fast clock scales it). */
  readonly schedule?: (ms: number, fn: () => void) => NodeJS.Timeout;
  /** Called for each camera whose snooze ended by itself (the store re-announces its armed state). */
  readonly onExpired: (camera: string | null) => void;
}

/**
 * Snoozes: alerts paused until a time, per camera or for every camera, kept in the local settings so a
 * restart keeps them. One timer wakes at the earliest expiry, so a snooze ends by itself.
 */
export class CameraSnoozes {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly now: () => Date;

  constructor(
    private readonly settings: LocalSettings,
    private readonly options: CameraSnoozesOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** When the snooze of `camera` (null: the all-cameras one) ends, or null when it is not snoozed now. */
  until(camera: string | null): Date | null {
    const raw = this.settings.get(KEY_PREFIX + (camera ?? ALL));
    const until = raw === null ? null : new Date(raw);
    return until && until.getTime() > this.now().getTime() ? until : null;
  }

  set(camera: string | null, until: Date | null): void {
    const key = KEY_PREFIX + (camera ?? ALL);
    if (until === null || until.getTime() <= this.now().getTime()) this.settings.delete(key);
    else this.settings.set(key, until.toISOString());
    this.schedule(camera, until);
  }

  /** Arms the expiry timer of every stored snooze (after a restart). */
  resume(cameras: readonly string[]): void {
    for (const camera of [null, ...cameras]) this.schedule(camera, this.until(camera));
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(camera: string | null, until: Date | null): void {
    if (until === null) return;
    const ms = Math.min(MAX_TIMER_MS, Math.max(0, until.getTime() - this.now().getTime()));
    const schedule = this.options.schedule ?? ((wait: number, fn: () => void) => setTimeout(fn, wait));
    const timer = schedule(ms + 5, () => {
      this.timers.delete(timer);
      if (this.until(camera) === null) {
        this.settings.delete(KEY_PREFIX + (camera ?? ALL));
        this.options.onExpired(camera);
      } else this.schedule(camera, this.until(camera));
    });
    timer.unref();
    this.timers.add(timer);
  }
}
