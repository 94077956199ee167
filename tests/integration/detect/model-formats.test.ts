import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFakeDfineOnnx, buildFakeRfdetrOnnx, buildFakeYolonasOnnx } from '../../support/fake-detector-onnx.js';
import { buildFakeYolov8Onnx } from '../../support/fake-yolo-onnx.js';
import { generateMedia, makeDetector, tempDir } from './detect-harness.js';

// Each model is generated here with constant outputs of its format's shape and run through the real
// ONNX Runtime and the detector's worker; the picture is the model's own size, so boxes map 1:1.
describe('detector with generated models of each accepted format', () => {
  const dir = tempDir('formats');
  afterAll(() => dir.remove());

  async function detectWith(modelBytes: Uint8Array, name: string, size: number) {
    const modelPath = join(dir.path, `${name}.onnx`);
    writeFileSync(modelPath, modelBytes);
    const picture = generateMedia(join(dir.path, `${name}.png`), `color=c=gray:s=${size}x${size}`, ['-frames:v', '1']);
    const detector = makeDetector({ model: modelPath, labels: ['person', 'car', 'dog'], minScore: 0.5, minBoxRatio: 0 }, dir.path);
    await detector.start(new AbortController().signal);
    try {
      expect(detector.health().status).toBe('healthy');
      const result = await detector.detectClip(picture, { snapshotPath: join(dir.path, `${name}.jpg`) });
      if (!result.ok) throw new Error(result.error.reason);
      return { health: detector.health().message, detections: result.value.bestFrame?.detections };
    } finally {
      await detector.stop();
    }
  }

  it('decodes a D-FINE / RT-DETR export: labels, boxes scaled by orig_target_sizes, scores', async () => {
    // Given a 640 model with a person, a car and a weak dog, boxes normalised and scaled by the sizes input
    const bytes = buildFakeDfineOnnx({
      detections: [
        { box: [0.25, 0.25, 0.5, 0.75], label: 0, score: 0.9 },
        { box: [0.6, 0.1, 0.9, 0.3], label: 2, score: 0.7 },
        { box: [0.1, 0.1, 0.2, 0.2], label: 16, score: 0.3 },
      ],
    });
    // When a 640x640 picture is detected
    const { health, detections } = await detectWith(bytes, 'dfine', 640);
    // Then the format is told from the two inputs and three outputs, and the boxes come back in pixels
    expect(health).toContain('dfine, 640x640');
    expect(detections).toStrictEqual([
      { label: 'person', score: 0.9, box: [160, 160, 320, 480] },
      { label: 'car', score: 0.7, box: [384, 64, 576, 192] },
    ]);
  });

  it('decodes an RF-DETR export: normalised cx,cy,w,h and sigmoid of COCO-category logits', async () => {
    // Given a 384 model whose queries raise COCO category 1 (person), 3 (car) and a weak 18 (dog)
    const bytes = buildFakeRfdetrOnnx({
      detections: [
        { cxcywh: [0.5, 0.5, 0.25, 0.5], classIndex: 1, logit: 2 },
        { cxcywh: [0.2, 0.2, 0.1, 0.1], classIndex: 3, logit: 1 },
        { cxcywh: [0.8, 0.8, 0.1, 0.1], classIndex: 18, logit: -1 },
      ],
    });
    // When a 384x384 picture is detected
    const { health, detections } = await detectWith(bytes, 'rfdetr', 384);
    // Then category ids map to the 80 labels, scores are sigmoids, boxes are in pixels
    expect(health).toContain('rfdetr, 384x384');
    expect(detections).toStrictEqual([
      { label: 'person', score: 0.8808, box: [144, 96, 240, 288] },
      { label: 'car', score: 0.7311, box: [57.6, 57.6, 96, 96] },
    ]);
  });

  it('decodes a YOLO-NAS flat export with a uint8 input and stops at the -1 padding', async () => {
    // Given a 320 model (uint8 input: the runtime refuses a float tensor) with two rows, then padding
    const bytes = buildFakeYolonasOnnx({
      detections: [
        { box: [10, 20, 110, 220], score: 0.85, classId: 0 },
        { box: [200, 200, 300, 260], score: 0.6, classId: 2 },
      ],
    });
    // When a 320x320 picture is detected
    const { health, detections } = await detectWith(bytes, 'yolonas', 320);
    // Then both rows come back as they are
    expect(health).toContain('yolonas, 320x320');
    expect(detections).toStrictEqual([
      { label: 'person', score: 0.85, box: [10, 20, 110, 220] },
      { label: 'car', score: 0.6, box: [200, 200, 300, 260] },
    ]);
  });

  it('decodes a YOLOv9 export (Frigate yolo-generic, [1,84,2100] at 320) as the YOLOv8 layout', async () => {
    // Given a 320 model in the channels-first layout with one person
    const bytes = buildFakeYolov8Onnx({
      width: 320,
      height: 320,
      detections: [{ anchor: 5, cx: 160, cy: 160, w: 40, h: 100, classId: 0, score: 0.9 }],
    });
    // When a 320x320 picture is detected
    const { health, detections } = await detectWith(bytes, 'yolov9', 320);
    // Then it decodes like YOLOv8
    expect(health).toContain('yolov8, 320x320');
    expect(detections).toStrictEqual([{ label: 'person', score: 0.9, box: [140, 110, 180, 210] }]);
  });
});
