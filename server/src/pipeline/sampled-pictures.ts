import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { abortableDelay } from '../runtime/abortable-delay.js';
import type { SampledPicture } from '../core/clip-analyzer.js';
import type { PictureRequest } from '../core/object-detector.js';
import type { Logger } from '../core/logger.js';

export interface SampledPicturesOptions {
  /** The detector's sampling rate: picture `i` shows the clip at `i / fps` seconds. */
  readonly fps: number;
  /** The analyzer's frame size and JPEG quality. */
  readonly maxPx: number;
  readonly quality: number;
  readonly log: Logger;
}

interface Pending {
  readonly dir: string;
  readonly done: Promise<boolean>;
  settled: boolean;
  /** Set while the detector's decode waits for the pictures to be wanted. */
  control: { resume(): void; cancel(): void } | null;
}

/** The analyze stage waits at most this long for the detector's decode to finish its pictures, then decodes on its own. */
const WAIT_LIMIT_MS = 60_000;

/**
 * Hands the pictures the detector's decode made (one JPEG per sampled frame) from the detect stage to the
 * analyze stage, so the vision model's frames cost no second ffmpeg pass. Kept in a private temp folder
 * per process, per clip until its analyze stage is over; after a restart there are none, and the analyzer
 * decodes its frames itself.
 */
export class SampledPictures {
  private root: Promise<string> | null = null;
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly options: SampledPicturesOptions) {}

  /** A fresh folder for this clip's pictures and the request the detector fills. */
  async request(clipId: string): Promise<PictureRequest> {
    await this.release(clipId);
    this.root ??= mkdtemp(join(tmpdir(), 'homesec-pictures-'));
    const dir = join(await this.root, clipId);
    await mkdir(dir, { recursive: true });
    let report: (complete: boolean) => void = () => undefined;
    const entry: Pending = { dir, done: new Promise<boolean>((resolve) => (report = resolve)), settled: false, control: null };
    this.pending.set(clipId, entry);
    return {
      dir,
      maxPx: this.options.maxPx,
      quality: this.options.quality,
      paused: (control) => (entry.control = control),
      finished: (complete) => {
        entry.settled = true;
        entry.control = null;
        report(complete);
      },
    };
  }

  /** The clip's pictures in time order once its decode is complete; empty when there are none or they are incomplete. */
  async take(clipId: string, signal: AbortSignal): Promise<SampledPicture[]> {
    const pending = this.pending.get(clipId);
    if (!pending) return [];
    pending.control?.resume();
    const waited = new AbortController();
    const limit = abortableDelay(WAIT_LIMIT_MS, AbortSignal.any([signal, waited.signal])).then(() => false);
    const complete = await Promise.race([pending.done, limit]);
    waited.abort();
    if (!complete) return [];
    const names = await readdir(pending.dir).catch(() => []);
    return names
      .map((name) => /^(\d+)\.jpg$/.exec(name)?.[1])
      .filter((index): index is string => index !== undefined)
      .map((index) => Number(index))
      .sort((a, b) => a - b)
      .map((index) => ({ t: Math.round((index / this.options.fps) * 1000) / 1000, path: join(pending.dir, `${index}.jpg`) }));
  }

  /** Deletes the clip's pictures (after its analyze stage, or before a new attempt). */
  async release(clipId: string): Promise<void> {
    const pending = this.pending.get(clipId);
    if (!pending) return;
    this.pending.delete(clipId);
    if (!pending.settled) pending.control?.cancel();
    await rm(pending.dir, { recursive: true, force: true, maxRetries: 2 }).catch((e: unknown) =>
      this.options.log.warn({ event_type: 'pictures.remove_failed', clip_id: clipId, err: e }, 'could not remove sampled pictures'),
    );
  }

  /** Removes every picture this process kept. */
  async stop(): Promise<void> {
    const root = this.root;
    this.root = null;
    for (const pending of this.pending.values()) if (!pending.settled) pending.control?.cancel();
    this.pending.clear();
    if (root) await rm(await root, { recursive: true, force: true }).catch(() => undefined);
  }
}
