import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFakeYolov8Onnx, type PlantedDetection } from '../../support/fake-yolo-onnx.js';
import { generateMedia, makeDetector, readRgb, tempDir } from './detect-harness.js';

// Planted in 640x640 model pixels. A (person) and B (a weaker person on top of A) overlap, so NMS
// must drop B; C is a dog on exactly A's spot and must survive (class-aware NMS); D is a car below
// min_score; E is a second person elsewhere.
const PLANTED: PlantedDetection[] = [
  { anchor: 100, cx: 320, cy: 240, w: 100, h: 80, classId: 0, score: 0.9 },
  { anchor: 101, cx: 322, cy: 242, w: 100, h: 80, classId: 0, score: 0.6 },
  { anchor: 5000, cx: 320, cy: 240, w: 100, h: 80, classId: 16, score: 0.7 },
  { anchor: 7000, cx: 100, cy: 500, w: 40, h: 60, classId: 2, score: 0.3 },
  { anchor: 200, cx: 600, cy: 400, w: 40, h: 40, classId: 0, score: 0.8 },
];

describe('detector with a planted YOLOv8-format model', () => {
  const dir = tempDir('yolov8');
  let modelPath = '';
  let wide = '';
  let tall = '';

  beforeAll(() => {
    modelPath = join(dir.path, 'fake-yolov8.onnx');
    writeFileSync(modelPath, buildFakeYolov8Onnx({ detections: PLANTED }));
    wide = generateMedia(join(dir.path, 'wide.png'), 'color=c=blue:s=1280x720', ['-frames:v', '1']);
    tall = generateMedia(join(dir.path, 'tall.png'), 'color=c=blue:s=480x960', ['-frames:v', '1']);
  });
  afterAll(() => dir.remove());

  it('decodes, applies class-aware NMS and maps boxes back through the letterbox of a wide picture', async () => {
    // Given the planted model (format told apart by its [1,84,8400] output) and a 1280x720 picture,
    // which letterboxes to 640x360 with 140 px of padding above and below
    const detector = makeDetector({ model: modelPath, labels: ['person', 'dog'], minScore: 0.5, minBoxRatio: 0 }, dir.path);
    await detector.start(new AbortController().signal);
    // When the picture is detected
    const result = await detector.detectClip(wide, { snapshotPath: join(dir.path, 'wide.jpg') });
    await detector.stop();
    // Then exactly A, E and C come back, in 1280x720 pixels: x / 0.5, (y - 140) / 0.5
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.bestFrame).toStrictEqual({
      t: 0,
      detections: [
        { label: 'person', score: 0.9, box: [540, 120, 740, 280] },
        { label: 'person', score: 0.8, box: [1160, 480, 1240, 560] },
        { label: 'dog', score: 0.7, box: [540, 120, 740, 280] },
      ],
    });
    expect(result.value).toMatchObject({
      framesSampled: 1,
      triggered: true,
      frameWidth: 1280,
      frameHeight: 720,
      model: 'fake-yolov8.onnx',
    });
    expect(result.value.labels).toStrictEqual([
      { label: 'person', bestScore: 0.9, frames: 1 },
      { label: 'dog', bestScore: 0.7, frames: 1 },
    ]);
  });

  it('maps boxes back through the side padding of a tall picture', async () => {
    // Given a 480x960 picture: scaled to 320x640, 160 px of padding left and right
    const detector = makeDetector({ model: modelPath, labels: ['person'], minBoxRatio: 0 }, dir.path);
    await detector.start(new AbortController().signal);
    // When it is detected
    const result = await detector.detectClip(tall, { snapshotPath: join(dir.path, 'tall.jpg') });
    await detector.stop();
    // Then A is at ((270 - 160) x 1.5, 200 x 1.5, (370 - 160) x 1.5, 280 x 1.5), and E, which lies
    // wholly in the right-hand padding (model x 580-620 > 160 + 320), is dropped rather than clipped to a sliver
    expect(result.ok && result.value.bestFrame?.detections).toStrictEqual([{ label: 'person', score: 0.9, box: [165, 300, 315, 420] }]);
  });

  it("draws the best frame's boxes on the snapshot JPEG at the source pixels", async () => {
    // Given the wide picture detected as above
    const detector = makeDetector({ model: modelPath, labels: ['person', 'dog'], minBoxRatio: 0 }, dir.path);
    await detector.start(new AbortController().signal);
    const snapshot = join(dir.path, 'snap', 'wide.jpg');
    // When the clip is detected
    await detector.detectClip(wide, { snapshotPath: snapshot });
    await detector.stop();
    // Then the snapshot is a 1280x720 JPEG with a red line on box A's left edge and blue elsewhere
    expect(readFileSync(snapshot).subarray(0, 2)).toStrictEqual(Buffer.from([0xff, 0xd8]));
    const rgb = readRgb(snapshot);
    expect(rgb.length).toBe(1280 * 720 * 3);
    const pixel = (x: number, y: number) => Array.from(rgb.subarray((y * 1280 + x) * 3, (y * 1280 + x) * 3 + 3));
    const [r, , b] = pixel(541, 200);
    expect(r).toBeGreaterThan(150);
    expect(b).toBeLessThan(120);
    const [r2, , b2] = pixel(640, 200);
    expect(r2).toBeLessThan(100);
    expect(b2).toBeGreaterThan(150);
  });

  it('samples a clip at sample_fps with one ffmpeg process and stops early once the trigger is confirmed', async () => {
    // Given a 3 s clip at 10 fps in which every frame holds the planted person
    const clip = generateMedia(join(dir.path, 'clip.mp4'), 'testsrc=size=640x360:rate=10:duration=3', ['-pix_fmt', 'yuv420p']);
    const full = makeDetector({ model: modelPath, sampleFps: 2, earlyExit: false, minBoxRatio: 0 }, dir.path);
    const early = makeDetector({ model: modelPath, sampleFps: 2, confirmFrames: 2, minBoxRatio: 0 }, dir.path);
    await Promise.all([full.start(new AbortController().signal), early.start(new AbortController().signal)]);
    // When it is detected with and without early exit
    const all = await full.detectClip(clip, { snapshotPath: join(dir.path, 'clip-full.jpg') });
    const cut = await early.detectClip(clip, { snapshotPath: join(dir.path, 'clip-early.jpg') });
    await Promise.all([full.stop(), early.stop()]);
    // Then the full pass sees 6 frames (2 fps x 3 s) and the early one stops after 2
    expect(all.ok && all.value).toMatchObject({
      framesSampled: 6,
      earlyExit: false,
      triggered: true,
      labels: [
        { label: 'person', frames: 6 },
        { label: 'dog', frames: 6 },
      ],
    });
    expect(cut.ok && cut.value).toMatchObject({ framesSampled: 2, earlyExit: true, triggered: true });
  });
});
