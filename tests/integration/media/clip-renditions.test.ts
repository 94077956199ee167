import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clip } from '../../../server/src/core/clip.js';
import { dropClip } from '../../support/drop-clip.js';
import { makeOddCodecClips, videoCodecOf } from '../../support/odd-codec-clips.js';
import { startHomesec, waitForClip, type StartedHomesec } from '../../support/start-homesec.js';

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('every clip plays: browser-playable copies and previews', () => {
  let homesec: StartedHomesec;
  const clips: Record<string, Clip> = {};
  const stored: Record<string, string> = {};

  beforeAll(async () => {
    // Given the real app, and an H.265, an MJPEG and an MPEG-4 part 2 clip dropped into a watched folder
    homesec = await startHomesec({ log_level: 'warn' });
    const made = await makeOddCodecClips(homesec.dir);
    const inbox = join(homesec.dir, 'inbox', 'front_door');
    for (const [name, file] of Object.entries(made)) {
      const fileName = file.split('/').pop() ?? name;
      const done = waitForClip(homesec.app, (c) => c.originalName === fileName && c.status === 'done');
      dropClip(inbox, file, fileName);
      clips[name] = await done;
      stored[name] = sha(homesec.app.media.resolve(clips[name].mediaPath));
    }
  });
  afterAll(async () => homesec?.close());

  it.each(['h265', 'mjpeg', 'mpeg4'])('serves a %s clip as H.264 in /video and keeps the original untouched', async (name) => {
    const clip = clips[name]!;
    // When the video is fetched the way a browser does
    const response = await fetch(`${homesec.url}/api/clips/${clip.id}/video`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    const served = join(homesec.dir, `${name}-served.mp4`);
    writeFileSync(served, Buffer.from(await response.arrayBuffer()));
    // Then it is H.264, and the stored clip is the same file as before, in its own codec
    expect(await videoCodecOf(served)).toBe('h264');
    const original = homesec.app.media.resolve(clip.mediaPath);
    expect(sha(original)).toBe(stored[name]);
    // And the path for Home Assistant's media browser names the playable file (the copy, or the clip when it plays)
    const link = await homesec.app.media.renditions.playablePath(clip, 'now');
    expect(await videoCodecOf(homesec.app.media.resolve(link ?? ''))).toBe('h264');
    // And /original still gives the stored bytes
    const raw = Buffer.from(await (await fetch(`${homesec.url}/api/clips/${clip.id}/original`)).arrayBuffer());
    expect(createHash('sha256').update(raw).digest('hex')).toBe(stored[name]);
  });

  it('keeps the H.265 and MPEG-4 originals in their codecs (intake only remuxes them) and caches the copy beside it, made once', async () => {
    expect(await videoCodecOf(homesec.app.media.resolve(clips.mpeg4!.mediaPath))).toBe('mpeg4');
    const clip = clips.h265!;
    expect(await videoCodecOf(homesec.app.media.resolve(clip.mediaPath))).toBe('hevc');
    // Given the copy made by the first request, beside the clip with the clip's id as prefix
    const copy = homesec.app.media.resolve(clip.mediaPath.replace(/[^/]+$/, `${clip.id}.h264.mp4`));
    const madeAt = statSync(copy).mtimeMs;
    // When fetched again with a Range / Then it is served from that file (206), not made again
    const again = await fetch(`${homesec.url}/api/clips/${clip.id}/video`, { headers: { Range: 'bytes=0-99' } });
    expect(again.status).toBe(206);
    expect(statSync(copy).mtimeMs).toBe(madeAt);
  });

  it("makes a short H.264 preview of the event, beside the event's clip", async () => {
    const clip = clips.h265!;
    // When the event's preview is asked for
    const response = await fetch(`${homesec.url}/api/events/${clip.eventId}/preview`);
    // Then a small H.264 MP4 of a few seconds comes back
    expect(response.status).toBe(200);
    const preview = join(homesec.dir, 'preview.mp4');
    writeFileSync(preview, Buffer.from(await response.arrayBuffer()));
    expect(await videoCodecOf(preview)).toBe('h264');
    expect(statSync(preview).size).toBeLessThan(statSync(homesec.app.media.resolve(clip.mediaPath)).size);
  });

  it('deletes the copies with the clip', async () => {
    const clip = clips.h265!;
    // When the clip is deleted from the dashboard
    expect((await fetch(`${homesec.url}/api/clips/${clip.id}`, { method: 'DELETE' })).status).toBe(204);
    // Then its playable copy and its preview are gone too
    for (const suffix of ['h264.mp4', 'preview.mp4']) {
      const path = homesec.app.media.resolve(clip.mediaPath.replace(/[^/]+$/, `${clip.id}.${suffix}`));
      expect(() => statSync(path)).toThrow();
    }
  });
});
