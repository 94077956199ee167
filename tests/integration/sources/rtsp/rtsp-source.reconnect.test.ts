import { afterEach, describe, expect, it, onTestFailed } from 'vitest';
import { freePort, startRtspCameraServer, type RtspCameraServer } from '../../../support/rtsp-camera-server.js';
import { makeHarness, nextEvent, type Harness } from './rtsp-harness.js';

const PASSWORD = 'Sup3r-s3cret-pw';

describe('RtspSource when the camera goes away', () => {
  let camera: RtspCameraServer | null = null;
  let harness: Harness | null = null;

  afterEach(async () => {
    await harness?.source.stop();
    await camera?.kill();
    harness?.cleanup();
  });

  it('keeps retrying an offline camera, goes offline and online with the server, and records again', async () => {
    // Given a camera URL with a password whose server is not running yet
    const port = await freePort();
    harness = makeHarness({
      url: `rtsp://admin:${PASSWORD}@127.0.0.1:${port}/cam`,
      pre_roll_s: 2,
      post_roll_s: 2,
      segment_s: 1,
      // Not the subject here (a frozen stream is tested elsewhere): a busy CI box must not look like one.
      stall_timeout_s: 6,
      reconnect: { initial_delay_s: 0.3, max_delay_s: 1 },
    });
    const { source, intake, statuses, logs } = harness;
    // A timeout alone says nothing: the source's own log says where it stood (connecting, restarting, motion).
    onTestFailed(() => console.log(`source log (last 80 lines):\n${logs.join('').split('\n').slice(-80).join('\n')}`));

    // When the source starts, it returns at once and reports the camera offline
    const startedAt = Date.now();
    await source.start(new AbortController().signal);
    expect(Date.now() - startedAt).toBeLessThan(2000);
    await nextEvent(source, 'status', (s) => !s.online && (s.detail ?? '').includes('refused'), 10_000);

    // When the camera comes up, the source connects without being restarted
    let online = nextEvent(source, 'status', (s) => s.online, 20_000);
    camera = await startRtspCameraServer({ scene: 'still', port });
    await online;

    // When the camera server dies, the camera goes offline
    const offline = nextEvent(source, 'status', (s) => !s.online, 15_000);
    await camera.kill();
    await offline;

    // When it comes back, the camera is online again and motion is recorded
    online = nextEvent(source, 'status', (s) => s.online, 20_000);
    const restartedAt = Date.now();
    await camera.start();
    await online;
    const backAt = Date.now();
    const recording = nextEvent(source, 'clipStarted', () => true, 30_000);
    await camera.setScene('motion');
    await recording;
    await nextEvent(source, 'segment', (s) => s.endedAt > backAt + 3000, 10_000);
    await source.stop();

    // Then the bus saw offline, online, offline, online (then stopped), with last-frame times
    const transitions = statuses.map((s) => s.online).filter((v, i, all) => i === 0 || v !== all[i - 1]);
    expect(transitions.slice(0, 5)).toEqual([false, true, false, true, false]);
    expect(statuses.some((s) => s.online && s.lastFrameAt !== null)).toBe(true);
    // ...a playable clip recorded after the reconnect was handed over (its pre-roll may begin before "online" was reported, never before the camera was back)
    const clip = await intake.waitForClip(0, 5000);
    expect(clip.incoming.startedAt.getTime()).toBeGreaterThanOrEqual(restartedAt);
    expect(clip.info.durationS).toBeGreaterThan(2);
    // ...and the password is in no log line, status or clip, while the redacted URL and ffmpeg's errors are logged
    const everything = [...logs, JSON.stringify(statuses), JSON.stringify(intake.clips.map((c) => c.incoming))].join('\n');
    expect(everything).not.toContain(PASSWORD);
    expect(everything).toContain('admin:***@127.0.0.1');
    expect(logs.some((l) => l.includes('rtsp.stream_down'))).toBe(true);
  });
});
