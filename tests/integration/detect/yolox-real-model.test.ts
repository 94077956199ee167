import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, shippedModel } from '../../support/paths.js';
import { makeDetector, tempDir } from './detect-harness.js';

describe('detector with the real yolox_nano model', () => {
  const dir = tempDir('yolox');
  const model = shippedModel('yolox_nano.onnx');
  afterAll(() => dir.remove());

  it('finds persons in pedestrians.mp4, confirms the trigger early and writes the snapshot', async () => {
    // Given the default detector settings (2 fps, person triggers, confirmed in 2 frames)
    const detector = makeDetector({ model }, dir.path);
    await detector.start(new AbortController().signal);
    expect(detector.health()).toMatchObject({ status: 'healthy' });
    const snapshotPath = join(dir.path, 'pedestrians.jpg');
    // When the clip is detected
    const result = await detector.detectClip(fixture('pedestrians.mp4'), { snapshotPath });
    await detector.stop();
    // Then persons were confirmed in the first two sampled frames and sampling stopped there
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({
      model: 'yolox_nano.onnx',
      framesSampled: 2,
      earlyExit: true,
      triggered: true,
      frameWidth: 1280,
      frameHeight: 720,
    });
    expect(result.value.labels[0]).toMatchObject({ label: 'person', frames: 2 });
    expect(result.value.bestFrame?.detections.filter((d) => d.label === 'person').length).toBeGreaterThanOrEqual(3);
    expect(readFileSync(snapshotPath).subarray(0, 2)).toStrictEqual(Buffer.from([0xff, 0xd8]));
  });

  it('sees persons in nearly every sampled frame of pedestrians.mp4 when it samples the whole clip', async () => {
    // Given early exit turned off
    const detector = makeDetector({ model, earlyExit: false }, dir.path);
    await detector.start(new AbortController().signal);
    // When the whole 13.6 s clip is sampled at 2 fps
    const result = await detector.detectClip(fixture('pedestrians.mp4'), { snapshotPath: join(dir.path, 'pedestrians-full.jpg') });
    await detector.stop();
    // Then 27 frames were sampled and persons were in at least 90% of them, each box inside the frame
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.framesSampled).toBe(27);
    const person = result.value.labels.find((l) => l.label === 'person');
    expect(person?.frames).toBeGreaterThanOrEqual(25);
    for (const d of result.value.bestFrame?.detections ?? []) {
      expect(d.box[0]).toBeGreaterThanOrEqual(0);
      expect(d.box[2]).toBeLessThanOrEqual(1280);
      expect(d.box[3]).toBeLessThanOrEqual(720);
    }
  });

  it('finds nothing in empty_scene.mp4 (light change and noise only), so the clip is not triggered', async () => {
    // Given the default settings
    const detector = makeDetector({ model }, dir.path);
    await detector.start(new AbortController().signal);
    const snapshotPath = join(dir.path, 'empty.jpg');
    // When the 8 s empty clip is detected
    const result = await detector.detectClip(fixture('empty_scene.mp4'), { snapshotPath });
    await detector.stop();
    // Then every one of its 16 sampled frames is empty, nothing triggers, and a plain snapshot still exists
    expect(result).toStrictEqual({
      ok: true,
      value: {
        model: 'yolox_nano.onnx',
        framesSampled: 16,
        labels: [],
        triggered: false,
        bestFrame: null,
        earlyExit: false,
        frameWidth: 1280,
        frameHeight: 720,
        objectCounts: [],
        objects: [],
      },
    });
    expect(existsSync(snapshotPath)).toBe(true);
  });

  it('bounds concurrent inference but serves several clips at once', async () => {
    // Given one inference worker
    const detector = makeDetector({ model, maxConcurrent: 1, labels: ['person', 'car'] }, dir.path);
    await detector.start(new AbortController().signal);
    // When three pictures are detected at the same time
    const results = await Promise.all(
      [1, 2, 3].map((i) => detector.detectClip(fixture('pedestrians.jpg'), { snapshotPath: join(dir.path, `still-${i}.jpg`) })),
    );
    await detector.stop();
    // Then all three finish with the same answer
    // (labels come best score first; person and car score alike, so the order is not the point here)
    const labels = results.map((r) => (r.ok ? r.value.labels.map((l) => l.label).sort() : r.error.reason));
    expect(labels).toStrictEqual([
      ['car', 'person'],
      ['car', 'person'],
      ['car', 'person'],
    ]);
  });
});
