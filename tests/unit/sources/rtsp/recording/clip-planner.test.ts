import { describe, expect, it } from 'vitest';
import { ClipPlanner } from '../../../../../server/src/sources/rtsp/recording/clip-planner.js';
import type { Segment } from '../../../../../server/src/sources/rtsp/segment.js';

const settings = { preRollMs: 3000, postRollMs: 4000, maxClipMs: 20_000, lateSegmentGraceMs: 5000, motionLatencyMs: 1000 };

/** 1 s segments starting at whole seconds. */
function seg(startS: number): Segment {
  return { path: `/seg/${startS}.ts`, startedAt: startS * 1000, endedAt: (startS + 1) * 1000 };
}

function feed(planner: ClipPlanner, fromS: number, toS: number) {
  return Array.from({ length: toS - fromS }, (_v, i) => planner.onSegment(seg(fromS + i))).flat();
}

describe('ClipPlanner', () => {
  it('cuts a clip from pre-roll before the first motion to post-roll after the last', () => {
    // Given 10 s of buffered segments
    const planner = new ClipPlanner(settings);
    expect(feed(planner, 0, 10)).toEqual([]);
    // When motion is seen at 10.5 s and 12.2 s
    expect(planner.onMotion(10_500)).toBe(true);
    expect(feed(planner, 10, 12)).toEqual([]);
    expect(planner.onMotion(12_200)).toBe(false);
    // Then the clip ends once the segment covering 16.2 s is in, and spans 7 s .. 17 s
    expect(feed(planner, 12, 16)).toEqual([]);
    const [plan] = planner.onSegment(seg(16));
    expect(plan).toMatchObject({ startedAt: 7000, endedAt: 17_000, reason: 'motion_ended', firstMotionAt: 10_500 });
    expect(plan?.segments.map((s) => s.startedAt / 1000)).toEqual([7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(planner.recording).toBe(false);
  });

  it('gives a clip begun without a live event the event opened later in it', () => {
    // Given a clip that began while no live event could be opened (its database was full)
    const planner = new ClipPlanner(settings);
    feed(planner, 0, 10);
    expect(planner.onMotion(10_500, null)).toBe(true);
    // When the event opens on later motion
    feed(planner, 10, 12);
    expect(planner.onMotion(12_200, 'evt-later')).toBe(false);
    expect(planner.onMotion(12_400, 'evt-other')).toBe(false);
    // Then the clip belongs to the first event that opened, and keeps it
    expect(planner.openEventId).toBe('evt-later');
    const [plan] = feed(planner, 12, 17);
    expect(plan?.eventId).toBe('evt-later');
  });

  it('lets old segments go while idle, keeping the pre-roll', () => {
    // Given a planner fed 10 s of segments without motion
    const planner = new ClipPlanner(settings);
    feed(planner, 0, 10);
    // Then everything older than pre-roll + motion latency (4 s) before 10 s is discarded
    expect(planner.takeDiscarded().map((s) => s.startedAt / 1000)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(planner.takeDiscarded()).toEqual([]);
  });

  it('splits a long recording at the maximum length and continues without a gap', () => {
    // Given motion that goes on
    const planner = new ClipPlanner(settings);
    feed(planner, 0, 5);
    planner.onMotion(5000);
    const plans = [];
    for (let s = 5; s < 42; s++) {
      planner.onMotion(s * 1000 + 500);
      plans.push(...planner.onSegment(seg(s)));
    }
    // Then clips of 20 s follow each other exactly
    expect(plans.map((p) => [p.startedAt, p.endedAt, p.reason])).toEqual([
      [2000, 22_000, 'max_length'],
      [22_000, 42_000, 'max_length'],
    ]);
    expect(plans[1]?.firstMotionAt).toBeNull();
  });

  it('never repeats footage: a new clip starts after the previous one', () => {
    // Given a clip that just ended at 6 s (motion at 5 s, post-roll 1 s)
    const planner = new ClipPlanner({ ...settings, postRollMs: 1000 });
    feed(planner, 0, 5);
    planner.onMotion(5000);
    const [first] = feed(planner, 5, 6);
    expect(first?.endedAt).toBe(6000);
    // When motion is seen again right away
    planner.onMotion(6200);
    const [second] = feed(planner, 6, 9);
    // Then the pre-roll does not reach back into the previous clip
    expect(second?.startedAt).toBe(6000);
    expect(second?.segments.map((x) => x.startedAt)).not.toContain(5000);
  });

  it('ends a clip with what exists when the recorder stops delivering', () => {
    // Given a recording whose segments stop at 8 s
    const planner = new ClipPlanner(settings);
    feed(planner, 0, 5);
    planner.onMotion(5000);
    feed(planner, 5, 8);
    // When time passes beyond post-roll and the grace period
    expect(planner.tick(12_000)).toEqual([]);
    const [plan] = planner.tick(14_000);
    // Then the clip is cut with the segments there are
    expect(plan).toMatchObject({ startedAt: 2000, endedAt: 8000, reason: 'stream_lost' });
  });

  it('flushes the clip in progress on stop, post-roll cut short', () => {
    // Given a recording in progress
    const planner = new ClipPlanner(settings);
    feed(planner, 0, 5);
    planner.onMotion(5000);
    feed(planner, 5, 7);
    // When the source stops
    const plan = planner.flush(7100);
    // Then the clip holds what was recorded and no clip is open any more
    expect(plan).toMatchObject({ startedAt: 2000, endedAt: 7000, reason: 'stopped' });
    expect(planner.flush(8000)).toBeNull();
  });
});
