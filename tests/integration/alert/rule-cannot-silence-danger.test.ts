import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FeedbackRules } from '../../../server/src/alert/feedback-rules.js';
import { AlertPayloadSchema } from '../../../server/src/notify/alert-payload.js';
import { LocalDb } from '../../../server/src/store/local-db.js';
import { dropClip } from '../../support/drop-clip.js';
import { recordMqtt, startMosquitto, type MosquittoBroker, type MqttRecorder } from '../../support/mosquitto.js';
import { fixture, shippedModel } from '../../support/paths.js';
import { startFakeOpenAiServer, vlmReply, type FakeOpenAiServer } from '../../support/servers/fake-openai-server.js';
import { startHomesec, waitForClip, type StartedHomesec } from '../../support/start-homesec.js';

/** The whole app with a false-alarm rule in place: a rule made from a harmless moment must not silence danger. */
describe('a feedback rule and a critical verdict', () => {
  let broker: MosquittoBroker | null = null;
  let recorder: MqttRecorder | null = null;
  let vlm: FakeOpenAiServer | null = null;
  let running: StartedHomesec | null = null;
  let localDb: LocalDb | null = null;
  afterEach(async () => {
    localDb?.stop();
    await running?.close();
    running = null;
    await recorder?.close();
    await broker?.close();
    await vlm?.close();
  });

  it('after "ignore person on this camera", a critical verdict on that camera still alerts', async () => {
    // Given HomeSec with detector, VLM and broker, and the rule "ignore person on front_door" (from a false alarm)
    broker = await startMosquitto();
    recorder = await recordMqtt(broker.url, 'homesec/alerts/#');
    vlm = await startFakeOpenAiServer();
    vlm.setDefault({ kind: 'json', content: vlmReply({ risk_level: 'critical', activity: 'suspicious_behavior' }) });
    running = await startHomesec({
      detector: { enabled: true, model: shippedModel('yolox_nano.onnx'), sample_fps: 1 },
      analyzer: { enabled: true, base_url: vlm.baseUrl, api_key: 'sk-rule', run_mode: 'trigger_only', max_frames: 2 },
      mqtt: { url: broker.url },
    });
    localDb = LocalDb.open(running.config.dataDir);
    new FeedbackRules(localDb).add({ camera: 'front_door', label: 'person', area: null, fromEventId: 'evt_earlier' });
    const done = waitForClip(running.app, (c) => c.status === 'done', 60_000);

    // When people walk past that camera and the vision model calls it critical
    dropClip(join(running.dir, 'inbox', 'front_door'), fixture('pedestrians.mp4'), 'pedestrians.mp4');
    const clip = await done;

    // Then an alert with the critical verdict goes out for the event, and the event's decision is to alert
    const [message] = await recorder.waitFor('homesec/alerts/front_door', 1);
    await expect
      .poll(() => recorder?.messages.map((m) => AlertPayloadSchema.parse(JSON.parse(m.payload)).risk_level), { timeout: 30_000 })
      .toContain('critical');
    expect(AlertPayloadSchema.parse(JSON.parse(message?.payload ?? '{}')).event_id).toBe(clip.eventId);
    const event = await running.app.cameraEvents.get(clip.eventId ?? '');
    expect(event?.decision).toMatchObject({ alert: true });
    expect(event?.decision?.reason).not.toBe('ignored_by_rule');
  }, 120_000);

  it('a rule marked "skip the vision model" spares the paid call for what it ignores, and counts the hit', async () => {
    // Given the same app and the rule "ignore person on front_door" with skip-the-vision-model chosen
    broker = await startMosquitto();
    recorder = await recordMqtt(broker.url, 'homesec/alerts/#');
    vlm = await startFakeOpenAiServer();
    vlm.setDefault({ kind: 'json', content: vlmReply({ risk_level: 'high' }) });
    running = await startHomesec({
      detector: { enabled: true, model: shippedModel('yolox_nano.onnx'), sample_fps: 1 },
      analyzer: { enabled: true, base_url: vlm.baseUrl, api_key: 'sk-rule', run_mode: 'trigger_only', max_frames: 2 },
      mqtt: { url: broker.url },
    });
    localDb = LocalDb.open(running.config.dataDir);
    const rules = new FeedbackRules(localDb);
    const rule = rules.add({ camera: 'front_door', label: 'person', area: null, fromEventId: 'evt_earlier', skipAnalysis: true });
    const done = waitForClip(running.app, (c) => c.status === 'done', 60_000);

    // When people walk past that camera
    dropClip(join(running.dir, 'inbox', 'front_door'), fixture('pedestrians.mp4'), 'pedestrians.mp4');
    const clip = await done;

    // Then the vision model was never asked, the analyze stage says which rule spared it, and nothing alerted
    expect(vlm.requests).toHaveLength(0);
    expect(clip.stages.analyze).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringMatching(new RegExp(`^ignored_by_rule: .*rule ${rule.id}`)),
    });
    const event = await running.app.cameraEvents.get(clip.eventId ?? '');
    expect(event?.decision).toMatchObject({ alert: false, reason: 'ignored_by_rule' });
    expect(recorder.messages).toEqual([]);
    // And the rule counts the event it kept quiet once
    expect(rules.list().find((r) => r.id === rule.id)?.hits).toBe(1);
  }, 120_000);
});
