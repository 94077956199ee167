import { describe, expect, it } from 'vitest';
import type { MotionView } from '../../../../../server/src/core/motion-view.js';
import { createLogger } from '../../../../../server/src/logging/logger.js';
import { MotionDetector } from '../../../../../server/src/sources/rtsp/stream/motion-detector.js';
import { MotionViewHub } from '../../../../../server/src/sources/rtsp/stream/motion-view-hub.js';
import { LogCapture } from '../../../../support/log-capture.js';

const W = 40;
const H = 20;
const detector = new MotionDetector({
  width: W,
  height: H,
  pixelThreshold: 20,
  minChangedPct: 5,
  minArea: 4,
  lightChangePct: 90,
  recordingSensitivity: 2,
  mask: [],
});
const reading = detector.analyse(new Uint8Array(W * H).fill(100), false);

describe('MotionViewHub: one view per motion frame for every watcher', () => {
  it('builds each frame once for all watchers, at most at the motion fps: a burst of frames is one', () => {
    // Given two watchers of a camera measuring motion at 5 fps
    const hub = new MotionViewHub('cam', 5, createLogger('error', new LogCapture()));
    const first: MotionView[] = [];
    const second: MotionView[] = [];
    hub.add(
      (v) => first.push(v),
      () => undefined,
    );
    hub.add(
      (v) => second.push(v),
      () => undefined,
    );
    // When frames arrive 200 ms apart, then three at once (ffmpeg catching up after a stall), then 190 ms later
    for (const at of [0, 200, 400, 600, 600, 600, 790]) hub.frame(detector, reading, false, at);
    // Then each watcher gets the same view of each frame in time, and the burst only once
    expect(first.map((v) => v.at)).toStrictEqual([0, 200, 400, 600, 790]);
    expect(second).toStrictEqual(first);
    expect(first[0]).toMatchObject({ camera: 'cam', width: W, height: H, verdict: 'learning' });
  });

  it('keeps serving the other watchers when one throws, and reports its error', () => {
    // Given a watcher that throws and one that does not
    const logs = new LogCapture();
    const hub = new MotionViewHub('cam', 5, createLogger('error', logs));
    const seen: number[] = [];
    hub.add(
      () => {
        throw new Error('socket gone');
      },
      () => undefined,
    );
    hub.add(
      (v) => seen.push(v.at),
      () => undefined,
    );
    // When a frame arrives
    hub.frame(detector, reading, false, 0);
    // Then the second still gets it, and the error is logged with the camera, not thrown at the motion path
    expect(seen).toStrictEqual([0]);
    expect(logs.records('rtsp.motion_view_failed')).toMatchObject([{ camera: 'cam', err: { message: 'socket gone' } }]);
  });

  it('says when its last watcher leaves (the source then drops it), and sends nothing to watchers that left', () => {
    // Given two watchers
    const hub = new MotionViewHub('cam', 5, createLogger('error', new LogCapture()));
    const seen: number[] = [];
    let emptied = 0;
    const leaveFirst = hub.add(
      (v) => seen.push(v.at),
      () => emptied++,
    );
    const leaveSecond = hub.add(
      (v) => seen.push(v.at),
      () => emptied++,
    );
    // When the first leaves (twice: a second call changes nothing) / Then the hub is not empty yet
    leaveFirst();
    leaveFirst();
    expect([hub.size, emptied]).toStrictEqual([1, 0]);
    // When the second leaves / Then the hub says it is empty, once, and a frame reaches nobody
    leaveSecond();
    expect([hub.size, emptied]).toStrictEqual([0, 1]);
    hub.frame(detector, reading, false, 0);
    expect(seen).toStrictEqual([]);
  });
});
