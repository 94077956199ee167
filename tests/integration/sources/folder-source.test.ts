import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { IncomingClip } from '../../../server/src/core/clip-intake.js';
import { SignalBus } from '../../../server/src/core/signal-bus.js';
import { err } from '../../../server/src/core/result.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { FolderSource } from '../../../server/src/sources/folder-source.js';
import { dropClip } from '../../support/drop-clip.js';
import { fixture } from '../../support/paths.js';
import { makeTempDir } from '../../support/temp-dir.js';

const log = createLogger('silent');
const HOUR = 3_600_000;

/** A folder source whose polling would take an hour, so what it takes in a test it took from the file system's notices. */
function startSource(folder: string, stableMs = HOUR) {
  const offered: IncomingClip[] = [];
  const source = new FolderSource({
    camera: 'front_door',
    folder,
    // Intake as the pipeline's port: records the offer and keeps the file where it is (refused), so nothing moves under the test.
    intake: { accept: async (clip) => (offered.push(clip), err(new Error('kept for the test'))) },
    bus: new SignalBus(log),
    log,
    pollMs: stableMs === HOUR ? HOUR : 100,
    stableMs,
  });
  return { source, offered };
}

describe('FolderSource', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  function folder(): string {
    const tmp = makeTempDir('homesec-folder-');
    cleanups.push(tmp.remove);
    return tmp.path;
  }

  it('takes an MP4 moved into the folder at once, from the file system notice', async () => {
    // Given a watched folder whose polling is an hour apart
    const dir = folder();
    const { source, offered } = startSource(dir);
    await source.start();
    cleanups.push(() => source.stop());

    // When a camera moves a finished clip into a date subfolder
    dropClip(join(dir, '2026-12-06'), fixture('pedestrians.mp4'), 'clip.mp4');

    // Then it is offered without waiting for a poll, with its name under the folder
    await expect.poll(() => offered.length, { timeout: 5000 }).toBe(1);
    expect(offered[0]).toMatchObject({ camera: 'front_door', source: 'folder', originalName: join('2026-12-06', 'clip.mp4') });
  });

  it('waits while an MP4 is still being written, and takes it once it is whole', async () => {
    // Given a watched folder, and an MP4 arriving slowly: its first half written in place
    const dir = folder();
    const { source, offered } = startSource(dir);
    await source.start();
    cleanups.push(() => source.stop());
    const bytes = readFileSync(fixture('pedestrians.mp4'));
    const path = join(dir, 'slow.mp4');
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));

    // When the writer pauses for a second
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // Then the half file was not taken
    expect(offered).toEqual([]);

    // When the rest arrives
    appendFileSync(path, bytes.subarray(Math.floor(bytes.length / 2)));
    // Then the whole file is offered, once
    await expect.poll(() => offered.length, { timeout: 5000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(offered).toHaveLength(1);
  });

  it('takes a file whose completeness it cannot read (MKV) only after it stopped changing for stable time', async () => {
    // Given an MKV written into the folder, with a stable time of 1.5 s and quick polls
    const dir = folder();
    const mkv = join(dir, 'clip.mkv');
    const r = spawnSync('ffmpeg', [
      '-nostdin',
      '-v',
      'error',
      '-i',
      fixture('empty_scene.mp4'),
      '-c',
      'copy',
      '-f',
      'matroska',
      join(dir, '.tmp'),
    ]);
    if (r.status !== 0) throw new Error('ffmpeg is needed: apt-get install ffmpeg');
    const { source, offered } = startSource(dir, 1500);
    mkdirSync(dir, { recursive: true });
    await source.start();
    cleanups.push(() => source.stop());
    writeFileSync(mkv, readFileSync(join(dir, '.tmp')));

    // When half a second has passed / Then it is not taken yet; later it is
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(offered).toEqual([]);
    await expect.poll(() => offered.length, { timeout: 5000 }).toBe(1);
  });
});
