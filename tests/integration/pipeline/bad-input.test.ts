import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clip } from '../../../server/src/core/clip.js';
import { dropClip } from '../../support/drop-clip.js';
import { fixture } from '../../support/paths.js';
import { startHomesec, waitForClip, type StartedHomesec } from '../../support/start-homesec.js';

describe('bad input gets a clear error and loses nothing', () => {
  let running: StartedHomesec | null = null;
  afterEach(async () => {
    await running?.close();
    running = null;
  });

  it('records a zero-byte file and a non-video file as failed clips with reasons, keeps them, and keeps watching', async () => {
    // Given HomeSec watching a folder
    running = await startHomesec();
    const inbox = join(running.dir, 'inbox', 'front_door');
    const failed: Clip[] = [];
    running.app.bus.on({}, 'clip.recorded', (clip) => {
      if (clip.status === 'failed') failed.push(clip);
    });
    const good = waitForClip(running.app, (c) => c.status === 'done' && c.originalName === 'après la pluie ü.mp4', 20_000);
    // When an empty file, a text file named like a video, and then a good clip with a unicode name arrive
    writeFileSync(join(running.dir, 'empty.mp4'), '');
    dropClip(inbox, join(running.dir, 'empty.mp4'), 'empty.mp4');
    writeFileSync(join(running.dir, 'notes.txt'), 'this is not a video');
    dropClip(inbox, join(running.dir, 'notes.txt'), 'a..b.mp4');
    dropClip(inbox, fixture('empty_scene.mp4'), 'après la pluie ü.mp4');
    // Then the good one is done, and the two bad ones are failed clips whose reason says what is wrong
    await good;
    await expect.poll(() => failed.length, { timeout: 10_000 }).toBe(2);
    const byName = new Map(failed.map((c) => [c.originalName, c]));
    expect(byName.get('empty.mp4')?.error).toBe('empty file (0 bytes)');
    expect(byName.get('a..b.mp4')?.error).toMatch(/not a readable media file/);
    // And their files are kept in the media folder, not lost
    for (const clip of failed) expect(existsSync(running.app.media.resolve(clip.mediaPath))).toBe(true);
    expect(running.logs.records('intake.bad_file')).toHaveLength(2);
    await running.app.repository.drain(5000);
    const events = (await running.app.repository.listClipEvents(byName.get('empty.mp4')?.id ?? '')) ?? [];
    expect(events.map((e) => e.type)).toEqual(['clip_received', 'clip_failed']);
    expect(events[1]?.data).toEqual({ reason: 'empty file (0 bytes)' });
  });

  it('keeps the clip in the inbox when the media folder is not writable, records why, and takes it once it is', async () => {
    // Given a media folder where today's folder cannot be created (a file stands in its way; chmod would not stop root)
    running = await startHomesec();
    const inbox = join(running.dir, 'inbox', 'front_door');
    const { mkdirSync, rmSync } = await import('node:fs');
    const { localDate } = await import('../../../server/src/media/media-layout.js');
    const dayDir = join(running.config.mediaDir, 'front_door', localDate(new Date()));
    rmSync(dayDir, { recursive: true, force: true });
    mkdirSync(join(running.config.mediaDir, 'front_door'), { recursive: true });
    writeFileSync(dayDir, 'a file where the day folder should be');
    const failed = waitForClip(running.app, (c) => c.status === 'failed', 15_000);
    // When a clip arrives
    const dropped = dropClip(inbox, fixture('empty_scene.mp4'), 'clip.mp4');
    // Then it is recorded as failed with the storage reason, and the file stays in the inbox
    const clip = await failed;
    expect(clip.error).toMatch(/could not store the clip in the media folder/);
    expect(existsSync(dropped)).toBe(true);
    expect(running.logs.records('intake.store_failed').length).toBeGreaterThan(0);
    // When the folder becomes writable and the source retries (driven directly rather than waiting a minute)
    rmSync(dayDir);
    const done = waitForClip(running.app, (c) => c.status === 'done', 15_000);
    const intake = running.app.pipeline.intake;
    if (!intake) throw new Error('no intake');
    const retry = await intake.accept({
      camera: 'front_door',
      path: dropped,
      source: 'folder',
      originalName: 'clip.mp4',
      startedAt: new Date(),
      endedAt: new Date(),
      consume: true,
    });
    // Then the clip is stored and processed
    expect(retry.ok).toBe(true);
    expect((await done).originalName).toBe('clip.mp4');
    expect(existsSync(dropped)).toBe(false);
  });
});
