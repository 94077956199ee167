import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dropClip } from '../../support/drop-clip.js';
import { fixture } from '../../support/paths.js';
import { startHomesec, waitForClip, type StartedHomesec } from '../../support/start-homesec.js';

describe('a clip dropped into a watched folder', () => {
  let running: StartedHomesec | null = null;
  afterEach(async () => {
    await running?.close();
    running = null;
  });

  it('is stored with a thumbnail, recorded with its events and reaches done (detector off)', async () => {
    // Given HomeSec watching a folder for camera front_door
    running = await startHomesec();
    const app = running.app;
    const inbox = join(running.dir, 'inbox', 'front_door');
    const done = waitForClip(app, (c) => c.status === 'done', 10_000);
    // When pedestrians.mp4 is dropped into the folder
    dropClip(inbox, fixture('pedestrians.mp4'), 'motion 2026-11-21 10.00.mp4');
    // Then within 10 s it is a done clip in <media>/<camera>/<date>/<id>.mp4 with a thumbnail beside it
    const clip = await done;
    expect(clip.camera).toBe('front_door');
    expect(clip.id).toMatch(/^front_door_\d{8}T\d{6}_[0-9a-f]{6}$/);
    expect(clip.mediaPath).toMatch(new RegExp(`^front_door/\\d{4}-\\d{2}-\\d{2}/${clip.id}\\.mp4$`));
    const video = app.media.resolve(clip.mediaPath);
    expect(statSync(video).size).toBe(statSync(fixture('pedestrians.mp4')).size);
    expect(clip.thumbnailPath).not.toBeNull();
    expect(existsSync(app.media.resolve(clip.thumbnailPath ?? ''))).toBe(true);
    expect(clip.durationS).toBeCloseTo(13.6, 0);
    expect(clip.video).toMatchObject({ width: 1280, height: 720, codec: 'h264' });
    expect(clip.originalName).toBe('motion 2026-11-21 10.00.mp4');
    // And the inbox is empty, the stages say why they were skipped, and the store has the events in order
    expect(existsSync(join(inbox, 'motion 2026-11-21 10.00.mp4'))).toBe(false);
    expect(clip.stages.detect).toMatchObject({ outcome: 'skipped', reason: 'detector_disabled' });
    expect(await app.repository.drain(5000)).toBe(true);
    const events = (await app.repository.listClipEvents(clip.id)) ?? [];
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['clip_received', 'clip_stored', 'stage_skipped', 'clip_done']));
    expect(events[0]?.type).toBe('clip_received');
    expect(events[events.length - 1]?.type).toBe('clip_done');
    expect((await app.repository.getClip(clip.id))?.status).toBe('done');
  });

  it('remuxes another container to MP4 with the video stream copied', async () => {
    // Given a Matroska clip made with ffmpeg
    running = await startHomesec();
    const { execFileSync } = await import('node:child_process');
    const mkv = join(running.dir, 'cam.mkv');
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=320x240:rate=10',
      '-t',
      '2',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      mkv,
    ]);
    const done = waitForClip(running.app, (c) => c.status === 'done', 15_000);
    // When it is dropped into the folder
    dropClip(join(running.dir, 'inbox', 'front_door'), mkv, 'cam.mkv');
    // Then it is stored as an .mp4 that ffprobe reads as h264 in an mp4 container
    const clip = await done;
    expect(clip.mediaPath.endsWith('.mp4')).toBe(true);
    const probe = execFileSync(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'format=format_name:stream=codec_name', '-of', 'json', running.app.media.resolve(clip.mediaPath)],
      { encoding: 'utf8' },
    );
    expect(probe).toContain('h264');
    expect(probe).toContain('mp4');
  });
});
