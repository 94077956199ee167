import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startRtspCameraServer, type RtspCameraServer } from '../../../support/rtsp-camera-server.js';
import { childPids, makeHarness, nextEvent, type Harness } from './rtsp-harness.js';

const PRE_ROLL_S = 3;
const POST_ROLL_S = 3;
const SEGMENT_S = 1;

describe('RtspSource on a moving scene', () => {
  let camera: RtspCameraServer | null = null;
  let harness: Harness | null = null;

  afterEach(async () => {
    await harness?.source.stop();
    await camera?.kill();
    harness?.cleanup();
  });

  it('records one clip from pre-roll before the first motion to post-roll after the last', async () => {
    // Given a camera showing a still scene and a source with a 3 s pre-roll and post-roll
    camera = await startRtspCameraServer({ scene: 'still' });
    harness = makeHarness({
      url: camera.url(),
      pre_roll_s: PRE_ROLL_S,
      post_roll_s: POST_ROLL_S,
      segment_s: SEGMENT_S,
      max_clip_s: 60,
      stall_timeout_s: 3,
    });
    const { source, intake } = harness;
    const motions: number[] = [];
    source.on('motion', (m) => void motions.push(m.at));
    const online = nextEvent(source, 'status', (s) => s.online, 20_000);
    await source.start(new AbortController().signal);
    await online;
    // ...and the rolling buffer already holds more than the pre-roll
    const [first] = await nextEvent(source, 'segment', () => true, 10_000);
    await nextEvent(source, 'segment', (s) => s.endedAt >= first.startedAt + (PRE_ROLL_S + 1) * 1000, 15_000);
    expect(motions).toHaveLength(0);

    // When people walk through the scene for about 4 s, then it is still again
    const firstMotion = nextEvent(source, 'motion', () => true, 10_000);
    await camera.setScene('motion');
    const [{ at: firstMotionAt }] = await firstMotion;
    await nextEvent(source, 'motion', (m) => m.at >= firstMotionAt + 4000, 10_000);
    await camera.setScene('still');
    const clip = await intake.waitForClip(0, 25_000);
    const lastMotionAt = Math.max(...motions);

    // Then the clip starts at least the pre-roll (minus one segment) before the first motion
    const startedAt = clip.incoming.startedAt.getTime();
    const endedAt = clip.incoming.endedAt?.getTime() ?? Number.NaN;
    expect(startedAt).toBeLessThanOrEqual(firstMotionAt - (PRE_ROLL_S - SEGMENT_S) * 1000);
    // ...and ends about the post-roll after the last motion (cut at the next key frame)
    expect(endedAt - lastMotionAt).toBeGreaterThanOrEqual(POST_ROLL_S * 1000 - 500);
    expect(endedAt - lastMotionAt).toBeLessThanOrEqual((POST_ROLL_S + SEGMENT_S) * 1000 + 1500);
    // ...and it is one playable H.264 MP4 as long as its times say, with the index in front
    expect(clip.incoming).toMatchObject({ camera: 'yard', source: 'rtsp', consume: true });
    expect(clip.info.video).toMatchObject({ codec: 'h264', width: 640, height: 360 });
    expect(clip.info.durationS).toBeGreaterThan((endedAt - startedAt) / 1000 - 1);
    expect(clip.info.durationS).toBeLessThan((endedAt - startedAt) / 1000 + 1);
    const head = readFileSync(clip.storedPath)
      .subarray(0, 64 * 1024)
      .toString('latin1');
    expect(head.indexOf('moov')).toBeGreaterThan(-1);
    expect(head.indexOf('moov')).toBeLessThan(head.indexOf('mdat') === -1 ? Infinity : head.indexOf('mdat'));

    // When the source stops
    expect(childPids('ffmpeg').length).toBeGreaterThan(0);
    await source.stop();
    // Then no ffmpeg it started is left behind and no second clip appeared
    expect(childPids('ffmpeg')).toEqual([]);
    expect(intake.clips).toHaveLength(1);
  });
});
