import { execFileSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { LiveFrame } from '../../../server/src/core/object-detector.js';
import { fixture, shippedModel } from '../../support/paths.js';
import { makeDetector, tempDir } from './detect-harness.js';

/** The footage shrunk to 640x360 (people about 20-30 px tall) in the top right of a grey 2560x1440 frame: a 4 MP camera's far corner. */
const FAR_CORNER = 'scale=640:360,pad=2560:1440:1800:120:color=0x808080';
const FAR_WINDOW = { x: 1800 / 2560, y: 120 / 1440, w: 640 / 2560, h: 360 / 1440 };

/** Persons in the first frame the live detector yields. */
async function firstFramePersons(feedBytes: Buffer, hint: boolean): Promise<{ persons: number; width: number }> {
  const dir = tempDir('live-scan-far');
  const detector = makeDetector({ model: shippedModel('yolox_nano.onnx') }, dir.path);
  await detector.start(new AbortController().signal);
  const feed = new PassThrough();
  feed.write(feedBytes);
  const abort = new AbortController();
  try {
    const live = await detector.detectLive(feed, {
      fps: 2,
      signal: abort.signal,
      triggerLabels: ['person'],
      confirmFrames: 2,
      ...(hint ? { regionsHint: () => [FAR_WINDOW] } : {}),
    });
    if (!live.ok) throw new Error(live.error.reason);
    for await (const { frame } of live.value) {
      return { persons: frame.detections.filter((d) => d.label === 'person').length, width: frame.frameWidth };
    }
    throw new Error('the live detector yielded no frame');
  } finally {
    abort.abort();
    feed.destroy();
    await detector.stop();
    dir.remove();
  }
}

/** The first `seconds` of pedestrians.mp4 (25 fps) as a camera's relay sends it: MPEG-TS, H.264 from a key frame, no B-frames. */
function relayedStart(seconds: number, filter?: string): Buffer {
  const encode = ['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency'];
  const scene = filter ? ['-vf', filter] : [];
  const args = [
    '-nostdin',
    '-v',
    'error',
    '-i',
    fixture('pedestrians.mp4'),
    '-t',
    String(seconds),
    ...scene,
    ...encode,
    '-f',
    'mpegts',
    'pipe:1',
  ];
  return execFileSync('ffmpeg', args, { maxBuffer: 64 * 1024 * 1024 });
}

describe('the live detector on a relayed stream', () => {
  const dir = tempDir('live-scan');
  afterAll(() => dir.remove());

  it('looks at the relayed key frame at once, without waiting for later frames or the next key frame', async () => {
    // Given a live feed that has sent only its first 1.2 s (one key frame, then 29 frames that refer to it) and then nothing, still open
    const detector = makeDetector({ model: shippedModel('yolox_nano.onnx') }, dir.path);
    await detector.start(new AbortController().signal);
    const feed = new PassThrough();
    feed.write(relayedStart(1.2));
    const abort = new AbortController();
    // When the live detector watches it at 2 frames per second
    const live = await detector.detectLive(feed, { fps: 2, signal: abort.signal, triggerLabels: ['person'], confirmFrames: 2 });
    if (!live.ok) throw new Error(live.error.reason);
    const first = await Promise.race([
      (async (): Promise<LiveFrame | null> => {
        for await (const { frame } of live.value) return frame;
        return null;
      })(),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 15_000)),
    ]);
    abort.abort();
    feed.destroy();
    await detector.stop();
    // Then the first frame came out and was looked at (people on the plaza), as a JPEG at the detect resolution (the footage's 1280 px) with its boxes
    expect(
      first,
      'no frame from a feed that stopped after 1.2 s: the key frame was dropped, or decoding waits for more stream',
    ).not.toBeNull();
    expect(first?.detections.some((d) => d.label === 'person')).toBe(true);
    expect(first?.frameWidth).toBe(1280);
    expect(first?.jpeg.subarray(0, 2).toString('hex')).toBe('ffd8');
  });

  it(
    'looks where the camera saw motion, at the detect resolution, and finds small far people the whole frame misses',
    { timeout: 120_000 },
    async () => {
      // Given a 2560x1440 live feed whose only people are small, in its top right corner
      const bytes = relayedStart(1.2, FAR_CORNER);
      // When the live detector watches it with the camera's motion box there, and without any hint
      const withHint = await firstFramePersons(bytes, true);
      const whole = await firstFramePersons(bytes, false);
      // Then the frame is decoded at detect_width (1280), not shrunk to the model
      expect(withHint.width).toBe(1280);
      // And the region around the motion finds persons, more than the whole frame letterboxed to 416 px
      expect(withHint.persons).toBeGreaterThan(0);
      expect(withHint.persons).toBeGreaterThan(whole.persons);
    },
  );

  it('says why when its decoder gives up on a stream it cannot read: the last lines ffmpeg wrote', async () => {
    // Given a live feed of bytes that are no video at all, closed
    const dir = tempDir('live-scan-garbage');
    const detector = makeDetector({ model: shippedModel('yolox_nano.onnx') }, dir.path);
    await detector.start(new AbortController().signal);
    const feed = new PassThrough();
    feed.end(Buffer.alloc(256 * 1024, 0x47));
    const abort = new AbortController();
    try {
      // When the live detector watches it
      const live = await detector.detectLive(feed, { fps: 2, signal: abort.signal, triggerLabels: ['person'], confirmFrames: 2 });
      if (!live.ok) throw new Error(live.error.reason);
      const watched = (async () => {
        for await (const observed of live.value) void observed;
      })();
      // Then the scan fails with the decoder's exit code and its own words, instead of ending without a trace
      await expect(watched).rejects.toThrow(/the live decoder \(ffmpeg\) exited with code \d+: (?!no output)/);
    } finally {
      abort.abort();
      await detector.stop();
      dir.remove();
    }
  });
});
