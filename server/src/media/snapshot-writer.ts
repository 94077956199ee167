import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Box } from '../core/detection.js';
import type { FfmpegTools } from './ffmpeg-tools.js';
import { runProcess } from './run-process.js';

export interface SnapshotBox {
  readonly box: Box;
  /** Trigger detections are drawn red, the rest yellow. */
  readonly emphasis: boolean;
}

export interface SnapshotRequest {
  readonly source: string;
  /** Seconds into the clip; ignored for a still image. */
  readonly t: number;
  readonly still: boolean;
  readonly frameWidth: number;
  readonly frameHeight: number;
  readonly boxes: readonly SnapshotBox[];
  readonly outPath: string;
  readonly signal?: AbortSignal;
}

/**
 * Writes one frame of a clip as a JPEG with the boxes drawn (ffmpeg `drawbox`, no image library).
 * Written beside the target and renamed, so readers never see half a file.
 */
export async function writeSnapshot(tools: FfmpegTools, request: SnapshotRequest): Promise<void> {
  await mkdir(dirname(request.outPath), { recursive: true });
  const partial = `${request.outPath}.part.jpg`;
  const seek = request.still ? [] : ['-ss', request.t.toFixed(3)];
  const filter = boxFilter(request);
  const args = [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-y',
    ...seek,
    '-i',
    request.source,
    '-frames:v',
    '1',
    ...(filter ? ['-vf', filter] : []),
    '-q:v',
    '3',
    '-update',
    '1',
    partial,
  ];
  try {
    await runProcess(tools.ffmpeg, args, { timeoutMs: 30_000, ...(request.signal ? { signal: request.signal } : {}) });
    await rename(partial, request.outPath);
  } finally {
    await rm(partial, { force: true });
  }
}

/** One drawbox per detection; line width grows with the picture so boxes stay visible on 4K. */
function boxFilter(request: SnapshotRequest): string {
  const thickness = Math.max(2, Math.round(Math.max(request.frameWidth, request.frameHeight) / 400));
  return request.boxes
    .map(({ box, emphasis }) => {
      const x = Math.round(box[0]);
      const y = Math.round(box[1]);
      const w = Math.max(1, Math.round(box[2] - box[0]));
      const h = Math.max(1, Math.round(box[3] - box[1]));
      return `drawbox=x=${x}:y=${y}:w=${w}:h=${h}:color=${emphasis ? 'red' : 'yellow'}@0.9:t=${thickness}`;
    })
    .join(',');
}
