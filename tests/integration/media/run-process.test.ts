import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MediaToolError, probeMedia } from '../../../server/src/media/probe-media.js';
import { ProcessError, runProcess } from '../../../server/src/media/run-process.js';
import { InputError } from '../../../server/src/core/errors.js';
import { fixture } from '../../support/paths.js';
import { makeTempDir } from '../../support/temp-dir.js';

async function failure(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
}

describe('how a media command failed', () => {
  let dir: ReturnType<typeof makeTempDir> | null = null;
  afterEach(() => dir?.remove());

  it('tells the machine’s trouble (not found, timed out, killed) from the input’s (a non-zero exit)', async () => {
    // Given commands that cannot start, hang, are killed from outside, or refuse their input
    const cases = await Promise.all([
      failure(runProcess('/nonexistent/ffprobe', ['-version'])),
      failure(runProcess('sleep', ['30'], { timeoutMs: 100 })),
      failure(runProcess('sh', ['-c', 'kill -9 $$'])),
      failure(runProcess('sh', ['-c', 'echo "Invalid data found" >&2; exit 1'])),
    ]);
    // Then each says which, and only the first three are worth another try
    expect(cases.map((e) => (e as ProcessError).kind)).toEqual(['spawn_failed', 'timed_out', 'killed', 'exited']);
    expect(cases.map((e) => (e as ProcessError).transient)).toEqual([true, true, true, false]);
  });

  it('makes ffprobe timing out a retryable MediaToolError, and an unreadable file an InputError', async () => {
    // Given an ffprobe that hangs
    dir = makeTempDir('homesec-probe-');
    const slow = join(dir.path, 'ffprobe');
    writeFileSync(slow, '#!/bin/sh\nexec sleep 30\n');
    chmodSync(slow, 0o755);
    const text = join(dir.path, 'notes.mp4');
    writeFileSync(text, 'not a video');
    // When a file is probed with a short time limit, and a text file with the real ffprobe
    const hung = await failure(probeMedia({ ffmpeg: 'ffmpeg', ffprobe: slow }, fixture('empty_scene.mp4'), undefined, 200));
    const bad = await failure(probeMedia({ ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' }, text));
    // Then the hang is the tool's failure, the text file the input's
    expect(hung).toBeInstanceOf(MediaToolError);
    expect((hung as Error).message).toContain('timed out after 200 ms');
    expect(bad).toBeInstanceOf(InputError);
    expect((bad as Error).message).toMatch(/^not a readable media file/);
  });
});
