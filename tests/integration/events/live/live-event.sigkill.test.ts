import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clip } from '../../../../server/src/core/clip.js';
import { recordMqtt, startMosquitto, type MosquittoBroker, type MqttRecorder } from '../../../support/mosquitto.js';

import { startRtspCameraServer, type RtspCameraServer } from '../../../support/rtsp-camera-server.js';
import { startFakeOpenAiServer, vlmReply, type FakeOpenAiServer } from '../../../support/servers/fake-openai-server.js';
import { loadTestConfig, startHomesec, type StartedHomesec } from '../../../support/start-homesec.js';
import { makeTempDir } from '../../../support/temp-dir.js';
import { liveConfig, payloadOf } from './live-harness.js';
import { killHard, startHomesecChild } from '../../../support/homesec-child.js';

const ALERTS = 'homesec/alerts/front_door';

describe('HomeSec killed in the middle of a live event', () => {
  let camera: RtspCameraServer | null = null;
  let broker: MosquittoBroker | null = null;
  let recorder: MqttRecorder | null = null;
  let vlm: FakeOpenAiServer | null = null;
  let child: ChildProcess | null = null;
  let running: StartedHomesec | null = null;
  let dir: ReturnType<typeof makeTempDir> | null = null;

  afterEach(async () => {
    child?.kill('SIGKILL');
    await running?.stop();
    await recorder?.close();
    await broker?.close();
    await vlm?.close();
    await camera?.kill();
    dir?.remove();
  });

  it('makes a clip of what was recorded, sends no second new, and ends the event with it', async () => {
    // Given `homesec run` as its own process, recording people in front of an RTSP camera, its early alert sent
    camera = await startRtspCameraServer({ scene: 'still' });
    broker = await startMosquitto();
    recorder = await recordMqtt(broker.url, ALERTS);
    vlm = await startFakeOpenAiServer();
    vlm.setDefault({ kind: 'json', content: vlmReply({ risk_level: 'medium', activity: 'passerby' }) });
    dir = makeTempDir('homesec-live-kill-');
    const overrides = { ...liveConfig(camera, broker, vlm, { post_roll_s: 5 }), log_level: 'info' };
    loadTestConfig(dir.path, overrides);
    child = await startHomesecChild(join(dir.path, 'config.yaml'));
    await camera.setScene('motion');
    const [first] = await recorder.waitFor(ALERTS, 1, 45_000);
    const early = payloadOf(first ?? { topic: '', payload: '{}', retain: false, qos: 0, receivedAt: 0 });
    expect(early.phase).toBe('new');

    // When it is killed 3 s later, mid-recording, and started again on a still scene
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await killHard(child);
    child = null;
    await camera.setScene('still');
    running = await startHomesec(overrides, { dir: dir.path });

    // Then the footage recorded before the kill becomes a clip of that event, marked as cut short
    const app = running.app;
    let recovered: Clip | undefined;
    await expect
      .poll(
        async () => {
          await app.repository.drain(2000);
          recovered = (await app.repository.listClips({ limit: 10 })).clips.find((c) => c.eventId === early.event_id);
          return recovered?.status;
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe('done');
    expect(recovered?.cutShort).toBe(true);
    expect(recovered?.source).toBe('rtsp');
    expect(recovered?.durationS).toBeGreaterThan(2);
    // And the event is closed as interrupted with that clip
    await expect.poll(() => app.cameraEvents.getLocal(early.event_id)?.status, { timeout: 20_000 }).toBe('closed');
    const event = app.cameraEvents.getLocal(early.event_id);
    expect(event?.endReason).toBe('interrupted');
    expect(event?.clipIds).toContain(recovered?.id);
    // And its alerts: one new (before the kill), none again after, and an end with the clip
    await expect
      .poll(() => recorder?.messages.map(payloadOf).filter((p) => p.event_id === early.event_id && p.phase === 'end').length, {
        timeout: 20_000,
      })
      .toBe(1);
    const phases = recorder.messages.map(payloadOf).filter((p) => p.event_id === early.event_id);
    expect(phases.filter((p) => p.phase === 'new')).toHaveLength(1);
    expect(phases.find((p) => p.phase === 'end')).toMatchObject({ clip_id: recovered?.id });
  }, 180_000);
});
