import { readFile, stat } from 'node:fs/promises';
import { runProcess } from '../media/run-process.js';
import { err, ok, toError, type Result } from '../core/result.js';

/** Above this the snapshot is scaled down before it goes to the broker (HA keeps the image in memory). */
export const MAX_SNAPSHOT_BYTES = 200_000;
const SMALL_WIDTH = 640;

/**
 * The JPEG for the snapshot image entity: the file as is when it is small, else a 640 px wide copy
 * made by ffmpeg (raw bytes on image_topic; HA serves them through its image proxy).
 */
export async function loadSnapshot(path: string, ffmpeg: string, signal?: AbortSignal): Promise<Result<Buffer, Error>> {
  try {
    const { size } = await stat(path);
    if (size <= MAX_SNAPSHOT_BYTES) return ok(await readFile(path));
    const args = [
      '-hide_banner',
      '-loglevel',
      'error',
      '-nostdin',
      '-i',
      path,
      '-frames:v',
      '1',
      '-vf',
      `scale='min(${SMALL_WIDTH},iw)':-2`,
      '-q:v',
      '5',
      '-f',
      'mjpeg',
      'pipe:1',
    ];
    const out = await runProcess(ffmpeg, args, {
      timeoutMs: 15_000,
      maxStdoutBytes: 4 * MAX_SNAPSHOT_BYTES,
      ...(signal ? { signal } : {}),
    });
    return ok(out.stdout);
  } catch (e) {
    return err(toError(e));
  }
}
