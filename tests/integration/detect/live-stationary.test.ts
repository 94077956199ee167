import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { MotionBox } from '../../../server/src/core/live-camera.js';
import type { LiveObservation, StationaryObject } from '../../../server/src/core/object-detector.js';
import { fixture, shippedModel } from '../../support/paths.js';
import { makeDetector, requireFfmpeg, tempDir } from './detect-harness.js';

/**
 * A 10 s driveway: the square's parked car (a still crop of pedestrians.mp4's first frame) on a grey
 * floor the whole time; from 6 s people from the same footage walk through the lower right.
 */
function makeScene(path: string): void {
  const graph =
    'color=c=0x707070:s=1280x720:r=25:d=10[bg];' +
    '[0:v]trim=end_frame=1,loop=loop=-1:size=1:start=0,setpts=N/25/TB,crop=200:100:900:30[car];' +
    '[0:v]crop=560:360:140:200,setpts=PTS-STARTPTS+6/TB[walk];' +
    '[bg][car]overlay=60:60[a];' +
    "[a][walk]overlay=600:300:enable='gte(t,6)':eof_action=pass[v]";
  const encode = ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-bf', '0'];
  execFileSync('ffmpeg', [
    '-nostdin',
    '-v',
    'error',
    '-y',
    '-i',
    fixture('pedestrians.mp4'),
    '-filter_complex',
    graph,
    '-map',
    '[v]',
    '-t',
    '10',
    ...encode,
    path,
  ]);
}

/** Where the camera's motion detector sees change, in frame shares: around the car (it parks, then shade moves over it) and the walkers. */
const AT_CAR: MotionBox = { x: 60 / 1280, y: 60 / 720, w: 200 / 1280, h: 100 / 720 };
const AT_WALKERS: MotionBox = { x: 600 / 1280, y: 300 / 720, w: 560 / 1280, h: 360 / 720 };

/** Watches `from`..`to` s of the scene as a camera relays it (real time), the way one live run does. */
async function liveRun(
  scene: string,
  from: number,
  to: number,
  motion: readonly MotionBox[],
  seeds: readonly StationaryObject[],
): Promise<LiveObservation[]> {
  const dir = tempDir('live-stationary-run');
  const detector = makeDetector({ model: shippedModel('yolox_nano.onnx'), labels: ['person', 'car'], stationaryAfterS: 1 }, dir.path);
  await detector.start(new AbortController().signal);
  const relay = spawn(
    'ffmpeg',
    ['-nostdin', '-v', 'error', '-re', '-ss', String(from), '-to', String(to), '-i', scene, '-c', 'copy', '-f', 'mpegts', 'pipe:1'],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const feed = new PassThrough();
  relay.stdout.pipe(feed);
  const abort = new AbortController();
  const seen: LiveObservation[] = [];
  try {
    const live = await detector.detectLive(feed, {
      fps: 2,
      signal: abort.signal,
      triggerLabels: ['person', 'car'],
      confirmFrames: 2,
      regionsHint: () => motion,
      stationaryObjects: seeds,
    });
    if (!live.ok) throw new Error(live.error.reason);
    // The feed ends with the relay, and the scan with it.
    for await (const o of live.value) seen.push(o);
    return seen;
  } finally {
    abort.abort();
    relay.kill('SIGKILL');
    await detector.stop();
    dir.remove();
  }
}

describe('live detection with a parked car', () => {
  const dir = tempDir('live-stationary');
  afterAll(() => dir.remove());

  it(
    'raises nothing for the parked car once it is stationary, and confirms the person who walks by later',
    { timeout: 180_000 },
    async () => {
      // Given a scene where a car stands still, and a camera whose first run watched it park (motion there) for 5 s (stationary_after_s 1)
      requireFfmpeg();
      const scene = join(dir.path, 'driveway.mp4');
      makeScene(scene);
      const first = await liveRun(scene, 0, 5, [AT_CAR], []);
      const left = first[first.length - 1]?.findings;
      expect(left?.stationary.map((o) => o.label)).toContain('car');
      expect(left?.objectCounts.find((c) => c.label === 'car')?.stationary).toBeGreaterThanOrEqual(1);

      // When the camera's next run sees shade move over the car, then people walking by (3-10 s)
      const second = await liveRun(scene, 3, 10, [AT_CAR, AT_WALKERS], left?.stationary ?? []);

      // Then the parked car was looked at again, but no frame with only the car confirmed anything
      const carOnly = second.filter((o) => !o.frame.detections.some((d) => d.label === 'person'));
      expect(carOnly.some((o) => o.frame.detections.some((d) => d.label === 'car'))).toBe(true);
      expect(carOnly.some((o) => o.findings.confirmed)).toBe(false);
      // And the person confirmed the event, counted as moving beside the stationary car
      const end = second[second.length - 1]?.findings;
      expect(end?.confirmed).toBe(true);
      expect(end?.objectCounts.find((c) => c.label === 'person')?.moving).toBeGreaterThanOrEqual(1);
      expect(end?.objectCounts.find((c) => c.label === 'car')).toMatchObject({ moving: 0 });
    },
  );
});
