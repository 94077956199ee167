import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ffmpegToolsFromEnv } from '../../../../server/src/media/ffmpeg-tools.js';
import { probeMedia } from '../../../../server/src/media/probe-media.js';
import { startRtspCameraServer, type RtspCameraServer } from '../../../support/rtsp-camera-server.js';
import { processExists } from './rtsp-harness.js';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'rtsp-source-process.ts');

interface Step {
  readonly step: string;
  readonly ffmpeg?: number[];
  readonly clips?: string[];
}

describe('RtspSource in a process that gets SIGTERM', () => {
  let camera: RtspCameraServer | null = null;
  let root: string | null = null;

  afterEach(async () => {
    await camera?.kill();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('finishes the clip in progress as a playable MP4 and leaves no ffmpeg behind', async () => {
    // Given a process running an RTSP source that is recording a moving scene
    camera = await startRtspCameraServer({ scene: 'motion' });
    root = mkdtempSync(join(tmpdir(), 'homesec-rtsp-sigterm-'));
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, camera.url(), root], { stdio: ['ignore', 'pipe', 'inherit'] });
    const steps = stepsOf(child.stdout);
    const recording = await steps.next('recording', 30_000);
    expect(recording.ffmpeg?.length).toBe(1);

    // When it receives SIGTERM in the middle of the recording (post-roll not yet over)
    child.kill('SIGTERM');
    const stopped = await steps.next('stopped', 30_000);
    const exitCode = await new Promise<number | null>((resolve) => child.once('close', resolve));

    // Then it exits cleanly having handed over one clip that ffprobe can read, with a duration
    expect(exitCode).toBe(0);
    expect(stopped.clips).toHaveLength(1);
    const info = await probeMedia(ffmpegToolsFromEnv(), stopped.clips?.[0] ?? '');
    expect(info.video?.codec).toBe('h264');
    expect(info.durationS).toBeGreaterThan(2);
    // ...and the one ffmpeg it ran (recording and motion share one RTSP session) is gone (not orphaned, not zombies)
    for (const pid of recording.ffmpeg ?? []) expect(processExists(pid)).toBe(false);
  });

  it('leaves no ffmpeg running when the process is killed hard (SIGKILL)', async () => {
    // Given a process running an RTSP source with its one ffmpeg up
    camera = await startRtspCameraServer({ scene: 'motion' });
    root = mkdtempSync(join(tmpdir(), 'homesec-rtsp-sigkill-'));
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, camera.url(), root], { stdio: ['ignore', 'pipe', 'inherit'] });
    const recording = await stepsOf(child.stdout).next('recording', 30_000);
    const pids = recording.ffmpeg ?? [];
    expect(pids).toHaveLength(1);

    // When the process is killed without a chance to stop anything
    const closed = new Promise((resolve) => child.once('close', resolve));
    child.kill('SIGKILL');
    await closed;

    // Then its ffmpeg processes end too (parent-death signal) instead of recording on as orphans
    const deadline = Date.now() + 10_000;
    while (pids.some(processExists) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(pids.filter(processExists)).toEqual([]);
  });
});

/** Reads the child's JSON step lines and waits for a named one. */
function stepsOf(stream: NodeJS.ReadableStream) {
  const seen: Step[] = [];
  const waiters = new Set<() => void>();
  let buffered = '';
  stream.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('{')) seen.push(JSON.parse(line) as Step);
    for (const w of [...waiters]) w();
  });
  return {
    next(step: string, timeoutMs: number): Promise<Step> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = seen.find((s) => s.step === step);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`the source process did not report "${step}" within ${timeoutMs} ms (saw ${seen.map((s) => s.step).join(', ')})`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}
