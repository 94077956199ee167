import type { SignalBus } from '../core/signal-bus.js';
import type { Logger } from '../core/logger.js';
import { inventoryMedia, unreadableLogger, type StoredClipFiles } from './media-inventory.js';
import { inBackground } from '../runtime/background.js';

/** Bytes and files of clips in the media folder, and when they were last counted in full. */
export interface MediaUsageFigure {
  readonly usedBytes: number;
  readonly files: number;
  /** When the last full count of the media folder finished; null while the first one runs. */
  readonly scannedAt: string | null;
}

const DEFAULT_REFRESH_MS = 15 * 60_000;

/**
 * The media folder's byte count, shared by retention and the dashboard, kept off the request path: a
 * full inventory at start and every `refreshMs` (or whenever retention walks the folder anyway), plus
 * stored and deleted clips applied as they happen.
 */
export class MediaUsage {
  private usedBytes = 0;
  private files = 0;
  private scannedAt: string | null = null;
  private scanning: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;

  constructor(
    private readonly root: string,
    private readonly bus: SignalBus,
    private readonly log: Logger,
    private readonly refreshMs = DEFAULT_REFRESH_MS,
  ) {}

  start(): void {
    this.stopped = false;
    this.bus.on(this, 'clip.recorded', (clip, event) => {
      if (event.type === 'clip_stored') this.adjust(clip.sizeBytes, 1);
    });
    inBackground(this.rescan(), this.log, 'counting the media folder');
    this.timer = setInterval(() => inBackground(this.rescan(), this.log, 'counting the media folder'), this.refreshMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.bus.off(this);
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.scanning;
  }

  current(): MediaUsageFigure {
    return { usedBytes: this.usedBytes, files: this.files, scannedAt: this.scannedAt };
  }

  /** Applies a known change (a stored clip, a deleted one) until the next full count. */
  adjust(bytes: number, files: number): void {
    this.usedBytes = Math.max(0, this.usedBytes + bytes);
    this.files = Math.max(0, this.files + files);
  }

  /** Takes the totals of an inventory someone just walked (retention), instead of walking again. */
  replace(clips: readonly StoredClipFiles[]): void {
    this.usedBytes = clips.reduce((sum, c) => sum + c.bytes, 0);
    this.files = clips.reduce((sum, c) => sum + c.files.length, 0);
    this.scannedAt = new Date().toISOString();
  }

  /** Counts the whole folder again; concurrent calls share one walk. */
  rescan(): Promise<void> {
    this.scanning ??= this.count().finally(() => {
      this.scanning = null;
    });
    return this.scanning;
  }

  private async count(): Promise<void> {
    const started = performance.now();
    try {
      const clips = await inventoryMedia(this.root, unreadableLogger(this.log));
      if (this.stopped) return;
      this.replace(clips);
    } catch (e) {
      this.log.warn({ event_type: 'storage.scan_failed', err: e }, 'counting the media folder failed');
      return;
    }
    this.log.debug(
      { event_type: 'storage.scanned', bytes: this.usedBytes, files: this.files, ms: Math.round(performance.now() - started) },
      'media folder counted',
    );
  }
}
