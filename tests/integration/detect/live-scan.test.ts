import { execFileSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { LiveFrame } from '../../../server/src/core/object-detector.js';
import { fixture, shippedModel } from '../../support/paths.js';
import { makeDetector, tempDir } from './detect-harness.js';

/** The first `seconds` of pedestrians.mp4 (25 fps) as a camera's relay sends it: MPEG-TS, H.264 from a key frame, no B-frames. */
function relayedStart(seconds: number): Buffer {
  const encode = ['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency'];
  const args = ['-nostdin', '-v', 'error', '-i', fixture('pedestrians.mp4'), '-t', String(seconds), ...encode, '-f', 'mpegts', 'pipe:1'];
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
    // Then the first frame came out and was looked at (people on the plaza), as a 960 px JPEG with its boxes
    expect(
      first,
      'no frame from a feed that stopped after 1.2 s: the key frame was dropped, or decoding waits for more stream',
    ).not.toBeNull();
    expect(first?.detections.some((d) => d.label === 'person')).toBe(true);
    expect(first?.frameWidth).toBe(960);
    expect(first?.jpeg.subarray(0, 2).toString('hex')).toBe('ffd8');
  });
});
