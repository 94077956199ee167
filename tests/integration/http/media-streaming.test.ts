import { readFileSync, existsSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClip } from '../../support/factories.js';
import { fixture } from '../../support/paths.js';
import { placeMediaFile, seedClips, startApi, type ApiUnderTest } from './http-test-kit.js';

describe('clip video, snapshot and thumbnail', () => {
  let api: ApiUnderTest;
  let video: Buffer;
  const videoUrl = () => `${api.url}/api/clips/clip_media/video`;

  beforeAll(async () => {
    api = await startApi('sqlite');
    video = readFileSync(fixture('pedestrians.mp4'));
    placeMediaFile(api, 'front_door/2026-11-21/clip_media.mp4', fixture('pedestrians.mp4'));
    placeMediaFile(api, 'front_door/2026-11-21/clip_media.snapshot.jpg', fixture('pedestrians.jpg'));
    writeFileSync(join(api.homesec.dir, 'secret.txt'), 'outside the media folder');
    symlinkSync(join(api.homesec.dir, 'secret.txt'), join(api.mediaDir, 'link.mp4'));
    await seedClips(api, [
      makeClip({
        id: 'clip_media',
        mediaPath: 'front_door/2026-11-21/clip_media.mp4',
        snapshotPath: 'front_door/2026-11-21/clip_media.snapshot.jpg',
      }),
      makeClip({ id: 'clip_escape', mediaPath: '../secret.txt' }),
      makeClip({ id: 'clip_link', mediaPath: 'link.mp4' }),
      makeClip({ id: 'clip_gone', mediaPath: 'front_door/2026-11-21/missing.mp4' }),
    ]);
  });
  afterAll(async () => api?.close());

  it('sends the whole video with its type and says it accepts ranges', async () => {
    // Given a stored clip / When its video is fetched without a Range
    const response = await fetch(videoUrl());
    // Then 200, video/mp4, the full length, Accept-Ranges and validators
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(Number(response.headers.get('content-length'))).toBe(video.length);
    expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(response.headers.get('last-modified')).not.toBeNull();
    expect(Buffer.from(await response.arrayBuffer()).equals(video)).toBe(true);
  });

  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=1000-1999', 1000, 1999],
    ['bytes=-500', -500, -1],
  ])('answers Range %s with a 206 slice of exactly those bytes', async (range, from, to) => {
    // Given the video / When a range is asked for
    const response = await fetch(videoUrl(), { headers: { Range: range } });
    // Then 206 with a Content-Range naming the slice and the total, and the bytes of that slice
    const start = from < 0 ? video.length + from : from;
    const end = to < 0 ? video.length + to : to;
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/${video.length}`);
    expect(Number(response.headers.get('content-length'))).toBe(end - start + 1);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await response.arrayBuffer()).equals(video.subarray(start, end + 1))).toBe(true);
  });

  it('answers an open-ended Range from the last kilobyte with a 206 slice to the end', async () => {
    // Given the video (its size depends on the footage made on this machine) / When the last 1000 bytes are asked for by offset
    const start = video.length - 1000;
    const response = await fetch(videoUrl(), { headers: { Range: `bytes=${start}-` } });
    // Then 206 with exactly the bytes from there to the end
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes ${start}-${video.length - 1}/${video.length}`);
    expect(Buffer.from(await response.arrayBuffer()).equals(video.subarray(start))).toBe(true);
  });

  it('answers a range past the end with 416 and the size', async () => {
    // Given the video / When a range starts after its last byte / Then 416 with bytes */size
    const response = await fetch(videoUrl(), { headers: { Range: `bytes=${video.length}-` } });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe(`bytes */${video.length}`);
  });

  it('answers a revisit with the same ETag with 304, and a stale If-Range with the whole file', async () => {
    // Given the ETag from a first fetch
    const etag = (await fetch(videoUrl(), { method: 'HEAD' })).headers.get('etag') ?? '';
    // When fetched again with If-None-Match / Then 304
    expect((await fetch(videoUrl(), { headers: { 'If-None-Match': etag } })).status).toBe(304);
    // When a range is asked with an If-Range for another version / Then the whole file comes back (200)
    const stale = await fetch(videoUrl(), { headers: { Range: 'bytes=0-9', 'If-Range': '"other"' } });
    expect(stale.status).toBe(200);
    await stale.arrayBuffer();
    // And with the current ETag the slice is sent
    expect((await fetch(videoUrl(), { headers: { Range: 'bytes=0-9', 'If-Range': etag } })).status).toBe(206);
  });

  it('answers HEAD with the headers only', async () => {
    // Given the video / When HEAD is used / Then the length is announced without a body
    const response = await fetch(videoUrl(), { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(Number(response.headers.get('content-length'))).toBe(video.length);
  });

  it('serves the snapshot as JPEG, and the thumbnail falls back to it', async () => {
    // Given a clip with a snapshot and no thumbnail / When both are fetched / Then both are the JPEG
    const jpeg = readFileSync(fixture('pedestrians.jpg'));
    for (const kind of ['snapshot', 'thumbnail']) {
      const response = await fetch(`${api.url}/api/clips/clip_media/${kind}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/jpeg');
      expect(Buffer.from(await response.arrayBuffer()).equals(jpeg)).toBe(true);
    }
  });

  it('answers 404 for a missing file and never serves a path outside the media folder', async () => {
    // Given clips whose paths are missing, climb out with .., or are a symlink pointing outside
    for (const id of ['clip_gone', 'clip_escape', 'clip_link']) {
      const response = await fetch(`${api.url}/api/clips/${id}/video`);
      // Then each is a 404 and the outside file is not sent
      expect(response.status, id).toBe(404);
      expect(await response.text()).not.toContain('outside the media folder');
    }
    expect((await fetch(`${api.url}/api/clips/clip_gone/snapshot`)).status).toBe(404);
  });

  it('deletes a clip: its files go, then it is 404 everywhere', async () => {
    // Given the clip with its files
    const videoPath = join(api.mediaDir, 'front_door/2026-11-21/clip_media.mp4');
    expect(existsSync(videoPath)).toBe(true);
    // When it is deleted
    const response = await fetch(`${api.url}/api/clips/clip_media`, { method: 'DELETE' });
    // Then 204, the files are gone, and the clip is no longer listed or served
    expect(response.status).toBe(204);
    expect(existsSync(videoPath)).toBe(false);
    expect(existsSync(join(api.mediaDir, 'front_door/2026-11-21/clip_media.snapshot.jpg'))).toBe(false);
    expect((await fetch(`${api.url}/api/clips/clip_media`)).status).toBe(404);
    expect((await fetch(videoUrl())).status).toBe(404);
    await api.repository.drain(5000);
    const list = (await (await fetch(`${api.url}/api/clips`)).json()) as { clips: { id: string }[] };
    expect(list.clips.map((c) => c.id)).not.toContain('clip_media');
    expect((await fetch(`${api.url}/api/clips/clip_media`, { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses to delete a clip the pipeline is still working on', async () => {
    // Given a clip in processing / When deleted / Then 409 and it stays
    await seedClips(api, [makeClip({ id: 'clip_busy', status: 'processing' })]);
    const response = await fetch(`${api.url}/api/clips/clip_busy`, { method: 'DELETE' });
    expect(response.status).toBe(409);
    expect((await fetch(`${api.url}/api/clips/clip_busy`)).status).toBe(200);
  });
});
