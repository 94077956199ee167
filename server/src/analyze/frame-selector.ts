import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SampledPicture } from '../core/clip-analyzer.js';
import type { FfmpegTools } from '../media/ffmpeg-tools.js';
import { runProcess } from '../media/run-process.js';

/** One frame as sent to the VLM: its offset in the clip and the JPEG bytes. */
export interface VlmFrame {
  readonly t: number;
  readonly jpeg: Buffer;
}

export interface FrameSelection {
  readonly durationS: number;
  readonly maxFrames: number;
  /** Offset of the detector's best frame, which is always sent. */
  readonly bestT: number | null;
}

/** Frames within this distance of the end of a clip may not decode; stay clear of it. */
const END_MARGIN_S = 0.05;
const MAX_JPEG_BYTES = 8 * 1024 * 1024;

/**
 * Up to `maxFrames` offsets evenly spaced over the clip (the middle of each slice), with the
 * detector's best frame replacing the nearest one, sorted and without duplicates.
 */
export function chooseFrameTimes({ durationS, maxFrames, bestT }: FrameSelection): number[] {
  const last = Math.max(0, durationS - END_MARGIN_S);
  const count = Math.max(1, maxFrames);
  const times = Array.from({ length: count }, (_, i) => round3(Math.min(last, ((i + 0.5) * durationS) / count)));
  if (bestT !== null) {
    const best = round3(Math.min(last, Math.max(0, bestT)));
    let nearest = 0;
    times.forEach((t, i) => {
      if (Math.abs(t - best) < Math.abs((times[nearest] ?? 0) - best)) nearest = i;
    });
    times[nearest] = best;
  }
  return [...new Set(times)].sort((a, b) => a - b);
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/**
 * The sampled picture nearest each chosen time (the detector's best frame is one of them exactly), each
 * sent once, labelled with its own time. Pictures that cannot be read are left out. Empty when some
 * chosen time has no picture near it (the detector stopped at max_frames before the clip's end).
 */
export async function readSampledFrames(pictures: readonly SampledPicture[], times: readonly number[]): Promise<VlmFrame[]> {
  const spacing = pictures.length > 1 ? (pictures[1]?.t ?? 0) - (pictures[0]?.t ?? 0) : 0;
  const tolerance = Math.max(1, spacing);
  const chosen = new Set<SampledPicture>();
  for (const t of times) {
    let nearest: SampledPicture | null = null;
    for (const picture of pictures) if (!nearest || Math.abs(picture.t - t) < Math.abs(nearest.t - t)) nearest = picture;
    if (!nearest || Math.abs(nearest.t - t) > tolerance) return [];
    chosen.add(nearest);
  }
  const frames: VlmFrame[] = [];
  for (const picture of [...chosen].sort((a, b) => a.t - b.t)) {
    const jpeg = await readFile(picture.path).catch(() => null);
    if (jpeg && jpeg.length > 0 && jpeg.length <= MAX_JPEG_BYTES) frames.push({ t: picture.t, jpeg });
  }
  return frames;
}

export interface ExtractOptions {
  readonly maxPx: number;
  /** ffmpeg -q:v for MJPEG: 2 (best) to 31. */
  readonly quality: number;
  readonly signal: AbortSignal;
}

/**
 * Decodes one JPEG per offset with a single ffmpeg: one input per offset, each seeking on its own
 * (accurate seek, so only the GOP before each offset is decoded, never the whole clip), longest side
 * scaled down to `maxPx`, never up. One process instead of one per frame saves a start-up per frame.
 * An offset that yields no picture (past the real end) is left out.
 */
export async function extractFrames(
  tools: FfmpegTools,
  path: string,
  times: readonly number[],
  options: ExtractOptions,
): Promise<VlmFrame[]> {
  if (times.length === 0) return [];
  const scale = `scale=w='min(${options.maxPx},iw)':h='min(${options.maxPx},ih)':force_original_aspect_ratio=decrease`;
  const dir = await mkdtemp(join(tmpdir(), 'homesec-frames-'));
  try {
    const inputs = times.flatMap((t) => ['-ss', t.toFixed(3), '-i', path]);
    const outputs = times.flatMap((_, i) => [
      '-map',
      `${i}:v:0`,
      '-frames:v',
      '1',
      '-an',
      '-vf',
      scale,
      '-q:v',
      String(options.quality),
      '-f',
      'image2',
      '-y',
      join(dir, `${i}.jpg`),
    ]);
    await runProcess(tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-nostdin', ...inputs, ...outputs], {
      signal: options.signal,
      timeoutMs: 30_000 + 5_000 * times.length,
    });
    const frames: VlmFrame[] = [];
    for (const [i, t] of times.entries()) {
      const jpeg = await readFile(join(dir, `${i}.jpg`)).catch(() => null);
      if (jpeg && jpeg.length > 0 && jpeg.length <= MAX_JPEG_BYTES) frames.push({ t, jpeg });
    }
    return frames;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
