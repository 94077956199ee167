import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture } from '../../support/fixtures.js';
import { REPO_DIR } from '../../support/paths.js';
import { makeDetector, tempDir } from './detect-harness.js';

describe('tracked objects in a real clip', () => {
  const dir = tempDir('stationary');
  afterAll(() => dir.remove());

  it("counts the square's parked car as stationary and the walkers as moving", async () => {
    // Given pedestrians.mp4 (people walking past cars parked at the top of the square, 13.6 s) and
    // stationary_after_s 3, so the parked car is stationary well within the clip
    const detector = makeDetector(
      { model: join(REPO_DIR, 'models', 'yolox_nano.onnx'), labels: ['person', 'car'], earlyExit: false, stationaryAfterS: 3 },
      dir.path,
    );
    await detector.start(new AbortController().signal);
    // When the whole clip is detected
    const result = await detector.detectClip(fixture('pedestrians.mp4'), { snapshotPath: join(dir.path, 'snap.jpg') });
    await detector.stop();
    if (!result.ok) throw new Error(result.error.reason);
    // Then a car is stationary and none of the persons is; several persons were followed as moving objects
    const counts = Object.fromEntries((result.value.objectCounts ?? []).map((c) => [c.label, c]));
    expect(counts.car?.stationary).toBeGreaterThanOrEqual(1);
    expect(counts.person?.stationary).toBe(0);
    expect(counts.person?.moving).toBeGreaterThanOrEqual(3);
    // And each object has a path of box centres over time
    const walker = (result.value.objects ?? []).find((o) => o.label === 'person' && o.frames >= 4);
    expect(walker?.path.length).toBe(walker?.frames);
  });
});
