import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clip } from '../../../server/src/core/clip.js';
import type { CameraEvent } from '../../../server/src/core/camera-event.js';
import { readAlertDelivery } from '../../support/alert-delivery.js';
import { reportFault } from '../../support/fault-figures.js';
import { recordMqtt, startMosquitto, type MosquittoBroker, type MqttRecorder } from '../../support/mosquitto.js';

import { startRtspCameraServer, type RtspCameraServer } from '../../support/rtsp-camera-server.js';
import { startFakeOpenAiServer, vlmReply, type FakeOpenAiServer } from '../../support/servers/fake-openai-server.js';
import { loadTestConfig, startHomesec, type StartedHomesec } from '../../support/start-homesec.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { liveConfig, payloadOf } from '../events/live/live-harness.js';
import { killHard, startHomesecChild } from '../../support/homesec-child.js';

const KILLS = 10;
const ALERTS = 'homesec/alerts/front_door';
const MOTION = 'homesec/camera/front_door/motion';

const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SIGKILL at random points of RTSP recording', () => {
  let dir: ReturnType<typeof makeTempDir> | null = null;
  let child: ChildProcess | null = null;
  let running: StartedHomesec | null = null;
  let camera: RtspCameraServer | null = null;
  let broker: MosquittoBroker | null = null;
  let recorder: MqttRecorder | null = null;
  let vlm: FakeOpenAiServer | null = null;
  afterEach(async () => {
    child?.kill('SIGKILL');
    await running?.stop();
    await recorder?.close();
    await broker?.close();
    await vlm?.close();
    await camera?.kill();
    dir?.remove();
  });

  it('turns every interrupted recording into a clip of its event and loses no alert (duplicates counted)', async () => {
    // Given `homesec run` as its own process on an RTSP camera where people keep walking, detector, VLM and MQTT on
    camera = await startRtspCameraServer({ scene: 'motion' });
    broker = await startMosquitto();
    recorder = await recordMqtt(broker.url, 'homesec/#');
    vlm = await startFakeOpenAiServer();
    vlm.setDefault({ kind: 'json', content: vlmReply({ risk_level: 'high', activity: 'suspicious_behavior' }) });
    dir = makeTempDir('homesec-sigkill-rtsp-');
    const overrides = { ...liveConfig(camera, broker, vlm, { post_roll_s: 5 }), log_level: 'info' };
    loadTestConfig(dir.path, overrides);
    const delays: number[] = [];

    // When, again and again, it starts recording and is killed at a random moment of the recording
    for (let round = 0; round < KILLS; round++) {
      const startedAt = Date.now();
      child = await startHomesecChild(join(dir.path, 'config.yaml'));
      await expect
        .poll(() => recorder?.messages.some((m) => m.topic === MOTION && m.payload === 'ON' && m.receivedAt >= startedAt), {
          timeout: 45_000,
          interval: 100,
        })
        .toBe(true);
      const delay = Math.round(1000 + Math.random() * 4000);
      delays.push(delay);
      await after(delay);
      await killHard(child);
      child = null;
    }
    // And it is started once more on a still scene and left to finish
    await camera.setScene('still');
    running = await startHomesec(overrides, { dir: dir.path });
    const app = running.app;
    const settled = async (): Promise<{ events: CameraEvent[]; clips: Clip[] }> => {
      await app.repository.drain(5000);
      const events = (await app.cameraEvents.list({ limit: 100 })).events;
      const clips = (await app.repository.listClips({ limit: 100 })).clips;
      return { events, clips };
    };
    await expect
      .poll(
        async () => {
          const { events, clips } = await settled();
          return events.length === KILLS && events.every((e) => e.status === 'closed') && clips.every((c) => c.status === 'done');
        },
        { timeout: 120_000, interval: 1000 },
      )
      .toBe(true);

    // Then each interrupted recording is one event, closed as interrupted, with a clip of its footage marked cut short
    const { events, clips } = await settled();
    const withoutClip = events.filter((e) => e.clipIds.length === 0);
    expect(withoutClip).toEqual([]);
    expect(events.map((e) => e.endReason)).toEqual(Array.from({ length: KILLS }, () => 'interrupted'));
    const recovered = clips.filter((c) => c.cutShort);
    expect(recovered.length).toBeGreaterThanOrEqual(KILLS);
    expect(clips.every((c) => c.source === 'rtsp' && c.eventId !== null)).toBe(true);
    // And every event sent its new and its end, each heard at least once: a delivery cut off by a kill is
    // sent again after the restart (at least once), so copies are counted instead of deliveries lost
    await app.pipeline.idle();
    await expect.poll(() => app.health.report().checks.notify?.message, { timeout: 30_000 }).toMatch(/^0 /);
    const mqtt = recorder;
    const { delivery } = await readAlertDelivery(
      async () => (await settled()).events,
      () => mqtt.messages.filter((m) => m.topic === ALERTS).map(payloadOf),
    );
    for (const event of events) {
      for (const phase of ['new', 'end'] as const) {
        expect(
          event.alerts.find((a) => a.phase === phase),
          `${event.id} decided its ${phase}`,
        ).toBeDefined();
      }
    }
    expect(delivery.lostKeys).toEqual([]);
    const footage = recovered.reduce((sum, c) => sum + (c.durationS ?? 0), 0);
    reportFault(
      'SIGKILL during RTSP recording',
      {
        kills: KILLS,
        events: events.length,
        recordings_lost: withoutClip.length,
        clips_cut_short: recovered.length,
        footage_recovered_s: Math.round(footage),
        alerts_decided: delivery.decided,
        alerts_lost: delivery.lost,
        duplicate_notifications: delivery.duplicates,
      },
      `kills ${delays.join('/')} ms after motion ON; at least once: a delivery cut off mid-send is sent again after the restart`,
    );
  }, 420_000);
});
