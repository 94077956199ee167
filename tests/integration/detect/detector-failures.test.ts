import { closeSync, copyFileSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, shippedModel } from '../../support/paths.js';
import { generateMedia, makeDetector, recordingLogger, tempDir } from './detect-harness.js';

describe('detector failures are values, never crashes', () => {
  const dir = tempDir('detect-fail');
  let truncated = '';
  let garbage = '';

  beforeAll(() => {
    // A clip cut off after its first 64 kB (no index) and a file of text named like a video.
    truncated = join(dir.path, 'truncated.mp4');
    const head = Buffer.alloc(64 * 1024);
    const fd = openSync(fixture('pedestrians.mp4'), 'r');
    readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
    writeFileSync(truncated, head);
    garbage = join(dir.path, 'garbage.mp4');
    writeFileSync(garbage, 'this is not a video\n'.repeat(100));
  });
  afterAll(() => dir.remove());

  it('answers a corrupt or non-media clip with a bad_input failure', async () => {
    // Given a working detector
    const detector = makeDetector({ model: shippedModel('yolox_nano.onnx') }, dir.path);
    await detector.start(new AbortController().signal);
    // When a truncated clip, a text file and a missing file are detected
    const results = await Promise.all(
      [truncated, garbage, join(dir.path, 'missing.mp4')].map((clip) =>
        detector.detectClip(clip, { snapshotPath: join(dir.path, 'x.jpg') }),
      ),
    );
    // Then each is a non-retryable bad_input with a reason, and the detector stays healthy
    for (const result of results) {
      expect(result).toMatchObject({
        ok: false,
        error: { kind: 'bad_input', retryable: false, reason: expect.stringMatching(/not a readable media file|could not decode/) },
      });
    }
    expect(detector.health().status).toBe('healthy');
    await detector.stop();
  });

  it('keeps the good frames of a clip whose end was cut off', async () => {
    // Given a 4 s clip (index at the front) of which only the first 60% of the bytes survived
    const whole = generateMedia(join(dir.path, 'whole.mp4'), 'testsrc=size=640x360:rate=10:duration=4', [
      '-pix_fmt',
      'yuv420p',
      '-movflags',
      '+faststart',
    ]);
    const bytes = readFileSync(whole);
    const cut = join(dir.path, 'cut.mp4');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const detector = makeDetector({ model: shippedModel('yolox_nano.onnx') }, dir.path);
    await detector.start(new AbortController().signal);
    // When it is detected
    const result = await detector.detectClip(cut, { snapshotPath: join(dir.path, 'cut.jpg') });
    await detector.stop();
    // Then the frames before the cut were sampled and the clip is a normal result
    expect(result.ok).toBe(true);
    expect(result.ok && result.value.framesSampled).toBeGreaterThan(0);
    expect(result.ok && result.value.framesSampled).toBeLessThan(8);
  });

  it('reports a model file that is not ONNX as degraded and answers clips with unavailable', async () => {
    // Given a "model" that is just text
    const badModel = join(dir.path, 'bad.onnx');
    writeFileSync(badModel, 'not a model');
    const { log, records } = recordingLogger();
    const detector = makeDetector({ model: badModel }, dir.path, { log });
    // When the detector starts and a clip arrives
    await detector.start(new AbortController().signal);
    const result = await detector.detectClip(fixture('pedestrians.jpg'), { snapshotPath: join(dir.path, 'y.jpg') });
    // Then start did not throw, health is degraded with the reason, the clip gets a typed failure, and one error was logged
    expect(detector.health()).toMatchObject({ status: 'degraded', message: expect.stringContaining('cannot load model') });
    expect(result).toMatchObject({ ok: false, error: { kind: 'unavailable', reason: expect.stringContaining('cannot load model') } });
    expect(records.filter((r) => r.event_type === 'detector.unavailable')).toHaveLength(1);
    await detector.stop();
  });

  it('reports an ONNX model that is not a detector as degraded', async () => {
    // Given a valid ONNX file copied under a name, but with the format forced to one it does not have
    const model = join(dir.path, 'forced.onnx');
    copyFileSync(shippedModel('yolox_nano.onnx'), model);
    const detector = makeDetector({ model, format: 'yolov8' }, dir.path);
    // When it starts
    await detector.start(new AbortController().signal);
    // Then the reason names the problem with the model's output
    expect(detector.health()).toMatchObject({ status: 'degraded', message: expect.stringContaining('not a supported detector') });
    await detector.stop();
  });

  it('reports a missing model path as degraded', async () => {
    // Given a model path that does not exist
    const detector = makeDetector({ model: join(dir.path, 'nowhere.onnx') }, dir.path);
    // When it starts
    await detector.start(new AbortController().signal);
    // Then health says which file is missing
    expect(detector.health()).toMatchObject({ status: 'degraded', message: expect.stringContaining('model file not found') });
    await detector.stop();
  });

  it('answers an aborted detection with a retryable failure', async () => {
    // Given a running detector and a signal that is already aborted
    const detector = makeDetector({ model: shippedModel('yolox_nano.onnx'), earlyExit: false }, dir.path);
    await detector.start(new AbortController().signal);
    const controller = new AbortController();
    controller.abort();
    // When a clip is detected with it
    const result = await detector.detectClip(fixture('pedestrians.mp4'), {
      snapshotPath: join(dir.path, 'z.jpg'),
      signal: controller.signal,
    });
    // Then it is a retryable failure, not a throw
    expect(result).toMatchObject({ ok: false, error: { kind: 'failed', retryable: true } });
    await detector.stop();
  });
});
