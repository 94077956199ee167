import { afterEach, describe, expect, it } from 'vitest';
import { startRtspCameraServer, type RtspCameraServer } from '../../../support/rtsp-camera-server.js';
import { makeHarness, nextEvent, type Harness } from './rtsp-harness.js';

describe('RtspSource with a detect stream that does not work', () => {
  let camera: RtspCameraServer | null = null;
  let harness: Harness | null = null;

  afterEach(async () => {
    await harness?.source.stop();
    await camera?.kill();
    harness?.cleanup();
  });

  it('falls back to the main stream for motion and still records', async () => {
    // Given a camera whose detect URL points at a mount that does not exist
    camera = await startRtspCameraServer({ scene: 'motion' });
    harness = makeHarness({
      url: camera.url(),
      detect_url: camera.url().replace('/cam', '/substream'),
      pre_roll_s: 2,
      post_roll_s: 2,
      reconnect: { initial_delay_s: 0.3, max_delay_s: 1, detect_fallback_after: 2 },
    });
    const { source, intake, logs } = harness;

    // When the source runs
    const motion = nextEvent(source, 'motion', () => true, 30_000);
    await source.start(new AbortController().signal);
    const [{ at }] = await motion;
    await nextEvent(source, 'segment', (s) => s.endedAt > at + 2000, 10_000);
    await source.stop();

    // Then it logged the fallback, saw motion on the main stream and handed over a clip
    expect(logs.some((l) => l.includes('"event_type":"rtsp.detect_fallback"'))).toBe(true);
    expect(logs.some((l) => l.includes('"event_type":"rtsp.stream_up"') && l.includes('"stream":"main"'))).toBe(true);
    const clip = await intake.waitForClip(0, 5000);
    expect(clip.info.durationS).toBeGreaterThan(2);
  });
});
