import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clip } from '../../../server/src/core/clip.js';
import { reportFault } from '../../support/fault-figures.js';
import { recordMqtt, startMosquitto, type MosquittoBroker, type MqttRecorder } from '../../support/mosquitto.js';
import { fixture } from '../../support/paths.js';
import { startFakeOpenAiServer, vlmReply, type FakeOpenAiServer } from '../../support/servers/fake-openai-server.js';
import { startHomesec, waitForClip, type StartedHomesec } from '../../support/start-homesec.js';

const BEFORE = 4;
const DURING = 6;

describe('the MQTT broker restarting in the middle of a burst of alerts', () => {
  let running: StartedHomesec | null = null;
  let broker: MosquittoBroker | null = null;
  let recorder: MqttRecorder | null = null;
  let vlm: FakeOpenAiServer | null = null;
  afterEach(async () => {
    await running?.close();
    running = null;
    await recorder?.close();
    await broker?.close();
    await vlm?.close();
  });

  it('loses no alert: the ones queued while it was down go out once it is back', async () => {
    // Given HomeSec alerting over MQTT on every clip (a VLM that calls each one high risk, no cooldown)
    broker = await startMosquitto();
    recorder = await recordMqtt(broker.url, 'homesec/alerts/#');
    vlm = await startFakeOpenAiServer();
    vlm.setDefault({ kind: 'json', content: vlmReply({ risk_level: 'high', activity: 'suspicious_behavior' }) });
    running = await startHomesec({
      analyzer: { enabled: true, base_url: vlm.baseUrl, api_key: 'sk-x', run_mode: 'always', max_frames: 2 },
      alerts: { cooldown_s: 0 },
      mqtt: { url: broker.url },
    });
    const app = running.app;
    const arrive = async (name: string): Promise<Clip> => {
      const done = waitForClip(app, (c) => c.originalName === name && c.status === 'done', 30_000);
      const path = join(running?.dir ?? '', name);
      copyFileSync(fixture('empty_scene.mp4'), path);
      const now = new Date();
      await app.pipeline.intake.accept({
        camera: 'front_door',
        path,
        source: 'folder',
        originalName: name,
        startedAt: now,
        endedAt: now,
        consume: true,
      });
      return done;
    };
    // When a burst starts, the broker goes away after its first alerts, more clips alert, and the broker comes back
    const clips: Clip[] = [];
    for (let i = 0; i < BEFORE; i++) clips.push(await arrive(`before-${i}.mp4`));
    await recorder.waitFor('homesec/alerts/front_door', 1);
    await broker.stop();
    for (let i = 0; i < DURING; i++) clips.push(await arrive(`during-${i}.mp4`));
    await broker.start();
    // Then every clip's event reached the subscriber
    const events = new Set(clips.map((c) => c.eventId ?? c.id));
    const heard = () => new Set(recorder?.messages.map((m) => (JSON.parse(m.payload) as { event_id: string }).event_id));
    await expect.poll(() => [...events].filter((id) => heard().has(id)).length, { timeout: 60_000, interval: 250 }).toBe(events.size);
    const keys = recorder.messages.map((m) => {
      const p = JSON.parse(m.payload) as { event_id: string; phase: string; sequence: number };
      return `${p.event_id}/${p.phase}/${p.sequence}`;
    });
    reportFault(
      'broker restart mid-burst',
      {
        alerting_clips: clips.length,
        queued_while_down: DURING,
        alerts_lost: [...events].filter((id) => !heard().has(id)).length,
        messages: keys.length,
        duplicates: keys.length - new Set(keys).size,
      },
      'QoS 1 through the durable outbox; the subscriber keeps a persistent session',
    );
  });
});
