import { afterEach, describe, expect, it } from 'vitest';
import type { Clip } from '../../../../server/src/core/clip.js';
import { RtspSource } from '../../../../server/src/sources/rtsp/rtsp-source.js';
import { startHlsCamera, type HlsCamera } from '../../../support/hls-camera.js';
import { recordMqtt, startMosquitto, type MosquittoBroker, type MqttRecorder } from '../../../support/mosquitto.js';
import { startRtspCameraServer, type RtspCameraServer } from '../../../support/rtsp-camera-server.js';
import { startFakeCoreWebsocket, type FakeCoreWebsocket } from '../../../support/servers/fake-core-websocket.js';
import { startFakeOpenAiServer, vlmReply, type FakeOpenAiServer } from '../../../support/servers/fake-openai-server.js';
import { startSnapshotCamera, type SnapshotCamera } from '../../../support/snapshot-camera.js';
import { startHomesec, type StartedHomesec } from '../../../support/start-homesec.js';
import { liveConfig, payloadOf } from './live-harness.js';

const ALERTS = 'homesec/alerts/front_door';

/**
 * The whole app with a camera it knows only as a Home Assistant entity: Core (a stand-in speaking its
 * websocket and HLS API) hands out the camera's HLS stream, a real ffmpeg copy of the GStreamer test
 * camera switched between a still frame and people walking; real detector, VLM on loopback, real broker.
 */
describe('a live event on a Home Assistant camera, end to end', () => {
  let camera: RtspCameraServer | null = null;
  let hls: HlsCamera | null = null;
  let core: FakeCoreWebsocket | null = null;
  let broker: MosquittoBroker | null = null;
  let recorder: MqttRecorder | null = null;
  let vlm: FakeOpenAiServer | null = null;
  let running: StartedHomesec | null = null;
  let snapshots: SnapshotCamera | null = null;

  afterEach(async () => {
    await running?.close();
    running = null;
    await recorder?.close();
    await broker?.close();
    await vlm?.close();
    await hls?.close();
    await core?.close();
    await camera?.kill();
    snapshots?.close();
    [recorder, broker, vlm, hls, core, camera, snapshots] = [null, null, null, null, null, null, null];
  });

  it('makes an event from the stream Core serves: an early new alert, the verdict, the clip', async () => {
    // Given camera.front_door in Home Assistant, its stream served by Core as HLS, and HomeSec told only
    // the entity id and how to reach Home Assistant (no camera URL, no camera password)
    camera = await startRtspCameraServer({ scene: 'still' });
    hls = startHlsCamera(camera.url());
    await hls.waitForSegments(2);
    core = await startFakeCoreWebsocket();
    core.addCameraStream('camera.front_door', hls.dir);
    broker = await startMosquitto();
    recorder = await recordMqtt(broker.url, 'homesec/#');
    vlm = await startFakeOpenAiServer();
    vlm.setDefault({
      kind: 'json',
      content: vlmReply({
        risk_level: 'medium',
        activity: 'passerby',
        summary: { title: 'People cross the yard', description: 'Two people walk past.' },
      }),
    });
    const rtspConfig = liveConfig(camera, broker, vlm);
    running = await startHomesec({
      ...rtspConfig,
      cameras: [
        {
          name: 'front_door',
          source: 'home_assistant',
          entity_id: 'camera.front_door',
          pre_roll_s: 2,
          post_roll_s: 3,
          segment_s: 1,
          motion: { off_delay_s: 3 },
        },
      ],
      home_assistant: { url: core.url, token: core.token },
    });
    const app = running;
    const source = app.app.sources[0];
    if (!(source instanceof RtspSource)) throw new Error('expected the live camera source');
    await expect.poll(() => source.status().online, { timeout: 30_000, interval: 200 }).toBe(true);
    const stored = clipStoredAt(app);

    // When people walk in front of the camera for 10 s, then the scene is still again
    const motionAt = Date.now();
    await camera.setScene('motion');
    const firstNew = await recorder.waitFor(ALERTS, 1, 40_000);
    await after(Math.max(0, motionAt + 10_000 - Date.now()));
    await camera.setScene('still');

    // Then one event sent an early `new` before its clip was stored, an `update` with the verdict and an `end` with the clip
    const messages = await recorder.waitFor(ALERTS, 3, 90_000);
    const clip = await stored;
    const alerts = messages.map(payloadOf);
    expect(alerts.map((a) => a.phase)).toEqual(['new', 'update', 'end']);
    expect(firstNew[0]?.receivedAt).toBeLessThan(clip.at);
    expect(alerts[0]).toMatchObject({ risk_level: 'unrated', reason: 'early_detection', clip_id: null });
    expect(new Set(alerts.map((a) => a.event_id))).toEqual(new Set([clip.clip.eventId]));
    expect(alerts[1]).toMatchObject({ risk_level: 'medium', title: 'People cross the yard' });
    expect(alerts[2]).toMatchObject({ clip_id: clip.clip.id });
    expect(clip.clip.camera).toBe('front_door');
    // And HomeSec got the stream from Core, and no stream token or Core token is in its log
    expect(core.streamRequests()).toBeGreaterThanOrEqual(1);
    const log = app.logs.text();
    for (const token of [...core.issuedTokens(), core.token]) expect(log).not.toContain(token);
    // (the camera's start, 10 s of people, post-roll and the clip's pipeline; HLS adds a few seconds of latency)
  }, 180_000);

  it('makes an event from the polled pictures of a camera Home Assistant has only snapshots of', async () => {
    // Given camera.porch in Home Assistant with snapshots only (camera_proxy), polled twice a second
    snapshots = startSnapshotCamera();
    const pictures = snapshots;
    core = await startFakeCoreWebsocket();
    core.addSnapshotCamera('camera.porch', () => pictures.picture());
    camera = await startRtspCameraServer({ scene: 'still' });
    broker = await startMosquitto();
    recorder = await recordMqtt(broker.url, 'homesec/#');
    vlm = await startFakeOpenAiServer();
    vlm.setDefault({
      kind: 'json',
      content: vlmReply({
        risk_level: 'medium',
        activity: 'passerby',
        summary: { title: 'People at the porch', description: 'People walk by.' },
      }),
    });
    running = await startHomesec({
      ...liveConfig(camera, broker, vlm),
      cameras: [
        {
          name: 'front_door',
          source: 'home_assistant',
          entity_id: 'camera.porch',
          snapshot_interval_s: 0.5,
          pre_roll_s: 2,
          post_roll_s: 3,
          segment_s: 1,
          motion: { off_delay_s: 3 },
        },
      ],
      home_assistant: { url: core.url, token: core.token },
    });
    const app = running;
    const source = app.app.sources[0];
    if (!(source instanceof RtspSource)) throw new Error('expected the live camera source');
    await expect.poll(() => source.status().online, { timeout: 60_000, interval: 200 }).toBe(true);
    const stored = clipStoredAt(app);

    // When people walk in the pictures for 10 s, then the pictures are still again
    const motionAt = Date.now();
    snapshots.setScene('motion');
    await after(10_000);
    snapshots.setScene('still');

    // Then one event was made from the pictures: its clip is stored with the event's id, and its `end` alert carries it
    const clip = await stored;
    expect(clip.clip.eventId).not.toBeNull();
    expect(Date.parse(clip.clip.startedAt)).toBeGreaterThanOrEqual(motionAt - 5000);
    const alerts = (await recorder.waitFor(ALERTS, 1, 60_000)).map(payloadOf);
    expect(new Set(alerts.map((a) => a.event_id))).toEqual(new Set([clip.clip.eventId]));
    await expect
      .poll(
        () =>
          recorder?.messages
            .filter((m) => m.topic === ALERTS)
            .map(payloadOf)
            .find((a) => a.phase === 'end')?.clip_id,
        {
          timeout: 60_000,
        },
      )
      .toBe(clip.clip.id);
    // And HomeSec never asked Core for a stream of it
    expect(core.streamRequests()).toBe(0);
    expect(core.snapshotRequests()).toBeGreaterThan(10);
  }, 180_000);
});

/** The first clip stored, with the time it was. */
function clipStoredAt(running: StartedHomesec): Promise<{ clip: Clip; at: number }> {
  return new Promise((resolve) => {
    const owner = {};
    running.app.bus.on(owner, 'clip.recorded', (clip, event) => {
      if (event.type !== 'clip_received') return;
      running.app.bus.off(owner);
      resolve({ clip, at: Date.now() });
    });
  });
}

const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
