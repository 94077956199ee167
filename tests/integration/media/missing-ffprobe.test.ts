import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dropClip } from '../../support/drop-clip.js';
import { fixture } from '../../support/paths.js';
import { startHomesec, waitForClip, type StartedHomesec } from '../../support/start-homesec.js';
import { makeTempDir } from '../../support/temp-dir.js';

function installed(tool: 'ffprobe' | 'ffmpeg'): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
  } catch (e) {
    throw new Error(`${tool} is not installed: apt-get install ffmpeg`, { cause: e });
  }
}
const realFfprobe = () => installed('ffprobe');

describe('ffprobe that cannot run', () => {
  let running: StartedHomesec | null = null;
  let bin: ReturnType<typeof makeTempDir> | null = null;
  const previous = process.env.FFPROBE_PATH;
  const previousFfmpeg = process.env.FFMPEG_PATH;
  afterEach(async () => {
    await running?.close();
    running = null;
    bin?.remove();
    if (previous === undefined) delete process.env.FFPROBE_PATH;
    else process.env.FFPROBE_PATH = previous;
    if (previousFfmpeg === undefined) delete process.env.FFMPEG_PATH;
    else process.env.FFMPEG_PATH = previousFfmpeg;
  });

  it('is found missing at start (health unhealthy, with the fix); a clip waits with its source and is taken once ffprobe is there', async () => {
    // Given ffprobe configured at a path where nothing is installed yet
    bin = makeTempDir('homesec-bin-');
    const ffprobe = join(bin.path, 'ffprobe');
    process.env.FFPROBE_PATH = ffprobe;
    // When HomeSec starts
    running = await startHomesec();
    const app = running.app;
    // Then health is unhealthy and says what to do
    const check = app.health.report().checks.ffmpeg;
    expect(check?.status).toBe('unhealthy');
    expect(check?.message).toContain(`${ffprobe} not found`);
    expect(check?.message).toContain('apt-get install ffmpeg');
    // When a clip arrives while ffprobe is missing
    const inbox = join(running.dir, 'inbox', 'front_door');
    const dropped = dropClip(inbox, fixture('empty_scene.mp4'), 'clip.mp4');
    const logs = running.logs;
    await expect.poll(() => logs.records('intake.probe_unavailable').length, { timeout: 20_000 }).toBeGreaterThan(0);
    // Then it was tried again with backoff, is not a failed clip, and the file is still with its source
    expect(logs.records('media.probe_retry').map((r) => r.attempt)).toEqual([1, 2]);
    expect((await app.repository.listClips({ limit: 10 })).clips).toEqual([]);
    expect(existsSync(dropped)).toBe(true);
    // When ffprobe is installed and the source offers the file again (driven directly: the folder retries after a minute)
    symlinkSync(realFfprobe(), ffprobe);
    const done = waitForClip(app, (c) => c.status === 'done', 20_000);
    const retry = await app.pipeline.intake.accept({
      camera: 'front_door',
      path: dropped,
      source: 'folder',
      originalName: 'clip.mp4',
      startedAt: new Date(),
      endedAt: new Date(),
      consume: true,
    });
    // Then the clip is stored and processed like any other
    expect(retry.ok).toBe(true);
    expect((await done).originalName).toBe('clip.mp4');
  });

  it('killed once from outside (as the OOM killer does) is tried again and the clip is stored, not failed', async () => {
    // Given an ffprobe that is killed with SIGKILL the first time it looks at a file
    bin = makeTempDir('homesec-bin-');
    mkdirSync(bin.path, { recursive: true });
    const mark = join(bin.path, 'killed-once');
    const ffprobe = join(bin.path, 'ffprobe');
    writeFileSync(
      ffprobe,
      `#!/bin/sh\ncase "$*" in *-version*) exec "${realFfprobe()}" "$@";; esac\n` +
        `if [ ! -e "${mark}" ]; then touch "${mark}"; kill -9 $$; fi\nexec "${realFfprobe()}" "$@"\n`,
    );
    chmodSync(ffprobe, 0o755);
    process.env.FFPROBE_PATH = ffprobe;
    running = await startHomesec();
    const done = waitForClip(running.app, (c) => c.status === 'done' || c.status === 'failed', 20_000);
    // When a clip arrives
    dropClip(join(running.dir, 'inbox', 'front_door'), fixture('empty_scene.mp4'), 'clip.mp4');
    // Then the killed probe is retried once, with its cause logged, and the clip is done
    const clip = await done;
    expect(clip.status).toBe('done');
    const retries = running.logs.records('media.probe_retry');
    expect(retries).toHaveLength(1);
    expect(JSON.stringify(retries[0]?.err)).toContain('killed by SIGKILL');
    expect(running.app.health.report().checks.ffmpeg?.status).toBe('healthy');
  });

  it('ffmpeg killed while remuxing a clip is tried again, and the clip is stored, not failed', async () => {
    // Given an MKV clip (it needs a remux to MP4) and an ffmpeg that is killed the first time it remuxes
    bin = makeTempDir('homesec-bin-');
    const mark = join(bin.path, 'killed-once');
    const ffmpeg = join(bin.path, 'ffmpeg');
    writeFileSync(
      ffmpeg,
      `#!/bin/sh\ncase "$*" in *+faststart*) if [ ! -e "${mark}" ]; then touch "${mark}"; kill -9 $$; fi;; esac\n` +
        `exec "${installed('ffmpeg')}" "$@"\n`,
    );
    chmodSync(ffmpeg, 0o755);
    const mkv = join(bin.path, 'clip.mkv');
    execFileSync(installed('ffmpeg'), ['-v', 'error', '-y', '-i', fixture('empty_scene.mp4'), '-c', 'copy', mkv]);
    process.env.FFMPEG_PATH = ffmpeg;
    running = await startHomesec();
    const done = waitForClip(running.app, (c) => c.status === 'done' || c.status === 'failed', 20_000);
    // When it arrives
    dropClip(join(running.dir, 'inbox', 'front_door'), mkv, 'clip.mkv');
    // Then the remux is tried again after the kill, and the clip is stored as MP4 and done
    const clip = await done;
    expect(clip.status).toBe('done');
    expect(clip.mediaPath).toMatch(/\.mp4$/);
    const retries = running.logs.records('media.store_retry');
    expect(retries).toHaveLength(1);
    expect(JSON.stringify(retries[0]?.err)).toContain('killed by SIGKILL');
  });
});
