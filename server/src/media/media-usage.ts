import { lstat, opendir } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventBus } from '../core/event-bus.js';
import type { Logger } from '../logging/logger.js';
import type { StorageFigure } from './contract.js';

export interface StorageUsageOptions {
  readonly mediaDir: string;
  readonly bus: EventBus;
  readonly log: Logger;
  /** Full recount interval; between counts new clips are added as they are stored. */
  readonly refreshMs?: number;
}

const DEFAULT_REFRESH_MS = 15 * 60_000;
const RESCAN_AFTER_DELETE_MS = 30_000;

/**
 * Bytes under the media folder, kept off the request path: a background walk at start and every
 * `refreshMs`, plus stored clips and API deletions applied as they happen.
 */
export class StorageUsage {
  private usedBytes = 0;
  private files = 0;
  private scannedAt: string | null = null;
  private scanning: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private rescanTimer: NodeJS.Timeout | null = null;
  private stopped = true;

  constructor(private readonly options: StorageUsageOptions) {}

  start(): void {
    this.stopped = false;
    this.options.bus.on(this, 'clip.recorded', (clip, event) => {
      if (event.type === 'clip_stored') this.adjust(clip.sizeBytes, 1);
    });
    // Retention and other deleters remove files we did not count: recount soon after.
    this.options.bus.on(this, 'clip.deleted', () => this.scheduleRescan());
    void this.rescan();
    this.timer = setInterval(() => void this.rescan(), this.options.refreshMs ?? DEFAULT_REFRESH_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.options.bus.off(this);
    if (this.timer) clearInterval(this.timer);
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    this.timer = null;
    this.rescanTimer = null;
    await this.scanning;
  }

  current(): StorageFigure {
    return { usedBytes: this.usedBytes, files: this.files, scannedAt: this.scannedAt };
  }

  /** Applies a known change (a stored clip, a deleted one) until the next full count. */
  adjust(bytes: number, files: number): void {
    this.usedBytes = Math.max(0, this.usedBytes + bytes);
    this.files = Math.max(0, this.files + files);
  }

  /** Counts the whole folder again; concurrent calls share one walk. */
  rescan(): Promise<void> {
    this.scanning ??= this.walkAll().finally(() => {
      this.scanning = null;
    });
    return this.scanning;
  }

  private scheduleRescan(): void {
    if (this.rescanTimer || this.stopped) return;
    this.rescanTimer = setTimeout(() => {
      this.rescanTimer = null;
      void this.rescan();
    }, RESCAN_AFTER_DELETE_MS);
    this.rescanTimer.unref();
  }

  private async walkAll(): Promise<void> {
    const started = performance.now();
    const total = { bytes: 0, files: 0 };
    try {
      await walk(this.options.mediaDir, total, () => this.stopped);
    } catch (e) {
      this.options.log.warn({ event_type: 'storage.scan_failed', err: e }, 'counting the media folder failed');
      return;
    }
    if (this.stopped) return;
    this.usedBytes = total.bytes;
    this.files = total.files;
    this.scannedAt = new Date().toISOString();
    this.options.log.debug(
      { event_type: 'storage.scanned', bytes: total.bytes, files: total.files, ms: Math.round(performance.now() - started) },
      'media folder counted',
    );
  }
}

/** Depth-first, one directory handle at a time; symlinks are not followed (they may point anywhere). */
async function walk(dir: string, total: { bytes: number; files: number }, cancelled: () => boolean): Promise<void> {
  let handle;
  try {
    handle = await opendir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  for await (const entry of handle) {
    if (cancelled()) return;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, total, cancelled);
    else if (entry.isFile()) {
      const info = await lstat(path).catch(() => null);
      if (info) {
        total.bytes += info.size;
        total.files += 1;
      }
    }
  }
}
