import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_DIR } from '../../support/paths.js';
import { makeDetector, requireFfmpeg, tempDir } from './detect-harness.js';

const VTEST = [
  process.env.HOMESEC_VTEST_AVI ?? '',
  '/usr/share/doc/opencv-doc/examples/data/vtest.avi',
  '/usr/share/opencv4/samples/data/vtest.avi',
];

function vtestAvi(): string {
  const found = VTEST.find((p) => p !== '' && existsSync(p));
  if (!found) throw new Error('OpenCV vtest.avi is needed: apt-get install opencv-doc (or set HOMESEC_VTEST_AVI)');
  return found;
}

/** vtest.avi's picture (768x576, people 50-90 px tall) placed unchanged at (x, y) in a grey frame, as a farther camera sees it. */
function placed(out: string, size: string, x: number, y: number, video: boolean): string {
  const input = video ? ['-ss', '20', '-t', '3', '-i', vtestAvi()] : ['-ss', '25', '-i', vtestAvi()];
  const output = video ? ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-r', '10'] : ['-frames:v', '1'];
  const run = spawnSync(requireFfmpeg().ffmpeg, [
    ...['-hide_banner', '-loglevel', 'error', '-y', ...input, '-f', 'lavfi', '-i', `color=c=gray:s=${size}:r=10`],
    ...['-filter_complex', `[1:v][0:v]overlay=${x}:${y}:shortest=1`, ...output, out],
  ]);
  if (run.status !== 0) throw new Error(`ffmpeg could not place the footage: ${run.stderr.toString()}`);
  return out;
}

// The real shipped model on people who fill a small part of a large frame (issue #26): the whole frame
// letterboxed to 416 px shrinks them 6x; tiles and motion regions keep them near their size.
describe('detector on small people in a large frame', () => {
  const dir = tempDir('far');
  const model = join(REPO_DIR, 'models', 'yolox_nano.onnx');
  let still = '';
  let clip = '';
  beforeAll(() => {
    still = placed(join(dir.path, 'far.png'), '2560x1440', 1600, 700, false);
    clip = placed(join(dir.path, 'far.mp4'), '2560x1440', 1600, 700, true);
  });
  afterAll(() => dir.remove());

  async function persons(path: string, strategy: 'whole' | 'auto', sampleFps = 2) {
    const detector = makeDetector({ model, strategy, labels: ['person'], earlyExit: false, sampleFps }, dir.path);
    await detector.start(new AbortController().signal);
    try {
      const result = await detector.detectClip(path, { snapshotPath: join(dir.path, `${strategy}.jpg`) });
      if (!result.ok) throw new Error(result.error.reason);
      return result.value;
    } finally {
      await detector.stop();
    }
  }

  it('finds the people of a still with tiles plus the whole frame, where the whole frame alone misses most', async () => {
    // Given vtest.avi's picture placed in a 2560x1440 grey picture
    // When the still is detected whole, and with the default strategy (tiles + whole frame for a still)
    const whole = await persons(still, 'whole');
    const auto = await persons(still, 'auto');
    // Then auto finds at least four people, more than twice the whole frame's count, all inside the placed picture
    const found = auto.bestFrame?.detections ?? [];
    expect(found.length).toBeGreaterThanOrEqual(4);
    expect(found.length).toBeGreaterThan(2 * (whole.bestFrame?.detections.length ?? 0));
    for (const d of found) {
      expect(d.box[0]).toBeGreaterThanOrEqual(1590);
      expect(d.box[1]).toBeGreaterThanOrEqual(690);
      expect(d.box[2]).toBeLessThanOrEqual(1600 + 768 + 10);
      expect(d.box[3]).toBeLessThanOrEqual(700 + 576 + 10);
    }
  });

  it('follows the people of a clip with regions cut around what moved between sampled frames', async () => {
    // Given 3 s of the footage placed the same way, sampled at 2 fps
    // When it is detected with the default strategy (tiles on the first frame, then motion regions)
    const auto = await persons(clip, 'auto');
    // Then every sampled frame has people, reported in source pixels of the 2560x1440 clip
    expect(auto).toMatchObject({ framesSampled: 6, frameWidth: 2560, frameHeight: 1440, triggered: true });
    expect(auto.labels).toStrictEqual([expect.objectContaining({ label: 'person', frames: 6 })]);
    // And the people are tracked as objects across frames: a few moving persons, not one per detection
    const walkers = auto.objectCounts?.find((c) => c.label === 'person')?.moving ?? 0;
    const detections = (auto.objects ?? []).reduce((sum, o) => sum + o.frames, 0);
    expect(walkers).toBeGreaterThanOrEqual(3);
    expect(walkers).toBeLessThan(detections / 2);
  });
});
