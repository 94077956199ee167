import { rename, stat, unlink, writeFile } from 'node:fs/promises';
import { HomesecError } from '../../../core/errors.js';
import { err, ok, type Result } from '../../../core/result.js';
import type { FfmpegTools } from '../../../media/ffmpeg-tools.js';
import { runProcess } from '../../../media/run-process.js';
import type { Segment } from '../segment.js';

export class ClipAssemblyError extends HomesecError {}

export interface AssembledClip {
  readonly path: string;
  /** Segments that were actually in the file (a missing or empty one is skipped). */
  readonly segmentCount: number;
}

/**
 * Joins buffered segments into one MP4 without re-encoding (concat demuxer, stream copy) with the
 * index at the front (faststart), so the dashboard can play it while it downloads.
 */
export async function assembleClip(
  tools: FfmpegTools,
  segments: readonly Segment[],
  outPath: string,
  signal?: AbortSignal,
): Promise<Result<AssembledClip, ClipAssemblyError>> {
  const present = await presentSegments(segments);
  if (present.length === 0) return err(new ClipAssemblyError('no recorded segments to assemble'));
  const listPath = `${outPath}.concat.txt`;
  // Written under a temporary name so a crash mid-write never leaves a broken file under the final one.
  const partPath = `${outPath}.part`;
  try {
    await writeFile(listPath, present.map((s) => `file ${quoteConcatPath(s.path)}\n`).join(''));
    await runProcess(
      tools.ffmpeg,
      [
        '-nostdin',
        '-hide_banner',
        '-loglevel',
        'error',
        '-f',
        'concat',
        '-safe',
        '0',
        '-i',
        listPath,
        '-map',
        '0',
        '-c',
        'copy',
        '-movflags',
        '+faststart',
        '-f',
        'mp4',
        '-y',
        partPath,
      ],
      { timeoutMs: 120_000, ...(signal ? { signal } : {}) },
    );
    await rename(partPath, outPath);
    return ok({ path: outPath, segmentCount: present.length });
  } catch (e) {
    await unlink(partPath).catch(() => undefined);
    return err(new ClipAssemblyError(`could not join ${present.length} segments into ${outPath}`, { cause: e }));
  } finally {
    await unlink(listPath).catch(() => undefined);
  }
}

async function presentSegments(segments: readonly Segment[]): Promise<Segment[]> {
  const sizes = await Promise.all(
    segments.map((s) =>
      stat(s.path).then(
        (st) => st.size,
        () => 0,
      ),
    ),
  );
  return segments.filter((_s, i) => (sizes[i] ?? 0) > 0);
}

/** The concat demuxer's quoting: single quotes, with a quote written as '\''. */
export function quoteConcatPath(path: string): string {
  return `'${path.replaceAll("'", "'\\''")}'`;
}
