import { z } from 'zod';
import type { ArmedReason, CameraArming } from '../core/camera-arming.js';
import type { SignalBus } from '../core/signal-bus.js';
import type { LocalSettings } from '../store/local-settings.js';
import {
  decisionChanged,
  decisionFitsMode,
  effectiveArming,
  overrideAfterManualSet,
  type ArmingMode,
  type EffectiveArming,
  type ModeDecision,
} from './arming-mode.js';
import { CameraSnoozes } from './camera-snooze.js';

const KEY_PREFIX = 'armed:';
const OVERRIDE_PREFIX = 'armed_override:';
/** The mode's last decision, kept so a restart knows whether the house changed while HomeSec was down. */
const DECISION_KEY = 'arming:decision';

const StoredDecisionSchema = z.object({ armed: z.boolean(), reason: z.enum(['nobody_home', 'someone_home', 'schedule']) });

export interface CameraArmingStoreOptions {
  /** The configured cameras: an all-cameras snooze announces each of them. */
  readonly cameras?: readonly string[];
  /** alerts.arming.mode: manual (the flag alone, today's behaviour), away or schedule (decided via `decide`). */
  readonly mode?: ArmingMode;
  readonly now?: () => Date;
  readonly schedule?: (ms: number, fn: () => void) => NodeJS.Timeout;
}

/**
 * Armed flags in the local settings (every camera is armed until someone disarms it), the arming mode's
 * decision with the manual overrides set since it last changed (arming-mode.ts), and snoozes
 * (camera-snooze.ts). A camera alerts when armed and not snoozed; every change of that or of its
 * reason, a snooze's own end included, is announced as 'camera.armedChanged'.
 */
export class CameraArmingStore implements CameraArming {
  private readonly snoozes: CameraSnoozes;
  private readonly cameras: readonly string[];
  private readonly mode: ArmingMode;

  constructor(
    private readonly settings: LocalSettings,
    private readonly bus: SignalBus,
    options: CameraArmingStoreOptions = {},
  ) {
    this.cameras = options.cameras ?? [];
    this.mode = options.mode ?? 'manual';
    // Back in manual mode, overrides of an earlier automatic mode would otherwise wake up with it.
    if (this.mode === 'manual') for (const camera of this.cameras) settings.delete(OVERRIDE_PREFIX + camera);
    this.snoozes = new CameraSnoozes(settings, {
      ...(options.now ? { now: options.now } : {}),
      ...(options.schedule ? { schedule: options.schedule } : {}),
      onExpired: (camera) => this.announce(camera === null ? this.cameras : [camera], null),
    });
    this.snoozes.resume(this.cameras);
  }

  isArmed(camera: string): boolean {
    return this.effective(camera).armed && this.snoozedUntil(camera) === null;
  }

  armedReason(camera: string): ArmedReason {
    return this.effective(camera).reason;
  }

  setArmed(camera: string, armed: boolean): void {
    const before = new Map([[camera, this.state(camera)]]);
    // The flag is the user's last choice: the state in manual mode and until a mode has decided.
    this.settings.set(KEY_PREFIX + camera, String(armed));
    const override = overrideAfterManualSet(this.mode, this.decision(), armed);
    if (override === null) this.settings.delete(OVERRIDE_PREFIX + camera);
    else this.settings.set(OVERRIDE_PREFIX + camera, String(override));
    if (armed) this.snoozes.set(camera, null);
    this.announce([camera], before);
  }

  /**
   * The mode's new decision (from who is home or the clock; null: not known, which changes nothing). A
   * decision that differs from the last one ends every manual override; the same one again keeps them.
   */
  decide(decision: ModeDecision | null): void {
    if (this.mode === 'manual' || decision === null || !decisionFitsMode(this.mode, decision)) return;
    const previous = this.decision();
    if (!decisionChanged(previous, decision)) return;
    const before = new Map(this.cameras.map((c) => [c, this.state(c)]));
    this.settings.set(DECISION_KEY, JSON.stringify(decision));
    for (const camera of this.cameras) this.settings.delete(OVERRIDE_PREFIX + camera);
    this.announce(this.cameras, before);
  }

  snoozedUntil(camera: string): Date | null {
    const own = this.snoozes.until(camera);
    const all = this.snoozes.until(null);
    if (own === null) return all;
    if (all === null) return own;
    return own.getTime() > all.getTime() ? own : all;
  }

  snoozedAllUntil(): Date | null {
    return this.snoozes.until(null);
  }

  snooze(camera: string | null, until: Date | null): void {
    const affected = camera === null ? this.cameras : [camera];
    const before = new Map(affected.map((c) => [c, this.state(c)]));
    this.snoozes.set(camera, until);
    this.announce(affected, before);
  }

  /** Stops the expiry timers (they never hold the process open; this is for tests and shutdown). */
  stop(): void {
    this.snoozes.stop();
  }

  private effective(camera: string): EffectiveArming {
    const raw = this.settings.get(OVERRIDE_PREFIX + camera);
    const override = raw === null ? null : raw === 'true';
    return effectiveArming(this.mode, this.decision(), override, this.isArmedFlag(camera));
  }

  /** The last decision kept, or null (none yet, or unreadable: the flag decides until the next one). */
  private decision(): ModeDecision | null {
    const raw = this.settings.get(DECISION_KEY);
    if (raw === null) return null;
    try {
      const parsed = StoredDecisionSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  private isArmedFlag(camera: string): boolean {
    return this.settings.get(KEY_PREFIX + camera) !== 'false';
  }

  /** What listeners see of a camera: whether it alerts now, and why. */
  private state(camera: string): string {
    return `${this.isArmed(camera)}:${this.armedReason(camera)}`;
  }

  private announce(cameras: readonly string[], before: Map<string, string> | null): void {
    for (const camera of cameras) {
      if (before === null || before.get(camera) !== this.state(camera)) this.bus.emit('camera.armedChanged', camera, this.isArmed(camera));
    }
  }
}
