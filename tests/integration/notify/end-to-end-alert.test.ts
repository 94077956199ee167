import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { vlmJsonSchema } from '../../../server/src/analyze/vlm-output-schema.js';
import { AlertPayloadSchema } from '../../../server/src/notify/alert-payload.js';
import { dropClip } from '../../support/drop-clip.js';
import { recordMqtt, startMosquitto, type MosquittoBroker, type MqttRecorder } from '../../support/mosquitto.js';
import { fixture, shippedModel } from '../../support/paths.js';
import { startFakeOpenAiServer, vlmReply, type FakeOpenAiServer } from '../../support/servers/fake-openai-server.js';
import { startHomesec, waitForClip, type StartedHomesec } from '../../support/start-homesec.js';

/**
 * The whole app: a clip dropped in the watched folder goes through the real detector (yolox_nano),
 * the analyzer against a real OpenAI-compatible server, the alert policy and the outbox to a real
 * mosquitto broker.
 */
describe('clip to alert, end to end', () => {
  let broker: MosquittoBroker;
  let recorder: MqttRecorder;
  let vlm: FakeOpenAiServer;
  let running: StartedHomesec | null = null;

  afterEach(async () => {
    await running?.close();
    running = null;
    await recorder.close();
    await broker.close();
    await vlm.close();
  });

  async function start(overrides: { analyzer?: Record<string, unknown>; alerts?: Record<string, unknown> } = {}): Promise<StartedHomesec> {
    broker = await startMosquitto();
    recorder = await recordMqtt(broker.url, 'homesec/alerts/#');
    vlm = await startFakeOpenAiServer();
    running = await startHomesec({
      detector: { enabled: true, model: shippedModel('yolox_nano.onnx'), sample_fps: 1 },
      analyzer: { enabled: true, base_url: vlm.baseUrl, api_key: 'sk-e2e', run_mode: 'trigger_only', max_frames: 4, ...overrides.analyzer },
      mqtt: { url: broker.url },
      ...(overrides.alerts ? { alerts: overrides.alerts } : {}),
    });
    return running;
  }

  it('pedestrians.mp4 gives one event: an early `new`, an `update` with the high-risk verdict, an `end`; the VLM got the frames and the schema', async () => {
    // Given HomeSec with detector, VLM and broker, and a scripted high-risk reply
    const app = await start();
    vlm.script({
      kind: 'json',
      content: vlmReply({
        risk_level: 'high',
        activity: 'suspicious_behavior',
        summary: { title: 'People loitering on the plaza', description: 'Several people linger near the entrance.' },
      }),
    });
    const done = waitForClip(app.app, (c) => c.status === 'done', 60_000);

    // When the camera drops pedestrians.mp4
    dropClip(join(app.dir, 'inbox', 'front_door'), fixture('pedestrians.mp4'), 'pedestrians.mp4');
    const clip = await done;

    // Then three messages of one event arrived on homesec/alerts/front_door, QoS 1, not retained
    const messages = await recorder.waitFor('homesec/alerts/front_door', 3);
    const payloads = messages.map((m) => AlertPayloadSchema.parse(JSON.parse(m.payload)));
    expect(messages.every((m) => m.qos === 1 && !m.retain)).toBe(true);
    expect(payloads.map((p) => [p.phase, p.sequence])).toEqual([
      ['new', 1],
      ['update', 2],
      ['end', 3],
    ]);
    expect(new Set(payloads.map((p) => p.event_id))).toEqual(new Set([clip.eventId]));
    // The first went out on the detector's word, before the verdict; the update carries the verdict
    expect(payloads[0]).toMatchObject({ clip_id: clip.id, camera: 'front_door', risk_level: 'unrated', reason: 'early_detection' });
    expect(payloads[1]).toMatchObject({
      schema_version: 2,
      clip_id: clip.id,
      camera: 'front_door',
      risk_level: 'high',
      activity: 'suspicious_behavior',
      title: 'People loitering on the plaza',
      summary: 'Several people linger near the entrance.',
      reason: 'risk_at_or_above_min',
    });
    expect(payloads[2]).toMatchObject({ phase: 'end', risk_level: 'high', title: 'People loitering on the plaza' });
    expect(payloads[1]?.labels).toContain('person');
    expect(payloads[1]?.started_at).toMatch(/[+-]\d\d:\d\d$/);

    // And the VLM request carried 4 labelled JPEG frames and the strict schema
    expect(vlm.requests).toHaveLength(1);
    const [request] = vlm.requests;
    expect(request?.images).toHaveLength(4);
    expect(request?.images.every((i) => i.subarray(0, 2).toString('hex') === 'ffd8')).toBe(true);
    expect(request?.texts.filter((t) => /^Frame \d of 4 at t=/.test(t))).toHaveLength(4);
    // And they are pictures the detector's decode made (sampled at 1 fps: whole seconds), not a second pass over the clip
    const frameTimes = (request?.texts ?? []).flatMap((t) => /^Frame \d of 4 at t=([\d.]+)s:$/.exec(t)?.[1] ?? []).map(Number);
    expect(frameTimes).toHaveLength(4);
    expect(frameTimes.every((t) => Number.isInteger(t))).toBe(true);
    expect(frameTimes[frameTimes.length - 1]).toBeGreaterThanOrEqual(11);
    const history = (await app.app.repository.listClipEvents(clip.id)) ?? [];
    const analyzed = history.find((e) => e.type === 'stage_succeeded' && e.data.stage === 'analyze');
    expect(analyzed?.data).toMatchObject({ frames_from: 'detector' });
    // And those pictures are gone once the clip is analysed
    const leftovers = readdirSync(tmpdir()).filter((d) => d.startsWith('homesec-pictures-') && existsSync(join(tmpdir(), d, clip.id)));
    expect(leftovers).toEqual([]);
    expect(request?.body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'clip_analysis', strict: true, schema: vlmJsonSchema() },
    });

    // And its event says why it alerted, the clip is marked, and nothing else was published for it
    expect(app.app.cameraEvents.getLocal(clip.eventId!)?.decision).toMatchObject({ alert: true, reason: 'risk_at_or_above_min' });
    expect(clip.alerted).toBe(true);
    expect(clip.analysis?.usage.promptTokens).toBeGreaterThan(0);
    expect(recorder.messages.filter((m) => m.topic.startsWith('homesec/alerts/'))).toHaveLength(3);
  });

  it('empty_scene.mp4 in trigger_only mode makes no VLM call and no alert, and records why', async () => {
    // Given the same setup
    const app = await start();
    const done = waitForClip(app.app, (c) => c.status === 'done', 60_000);

    // When the camera drops a clip with motion but no object
    dropClip(join(app.dir, 'inbox', 'front_door'), fixture('empty_scene.mp4'), 'empty_scene.mp4');
    const clip = await done;

    // Then the VLM was never asked, the skip and the decision carry their reasons, nothing was sent
    expect(vlm.requests).toHaveLength(0);
    expect(clip.stages.analyze).toMatchObject({ outcome: 'skipped', reason: 'no_trigger_label' });
    expect(app.app.cameraEvents.getLocal(clip.eventId!)?.decision).toMatchObject({ alert: false, reason: 'no_trigger_label' });
    expect(clip.alerted).toBe(false);
    expect(clip.notifications).toEqual({});
    expect(recorder.messages.filter((m) => m.topic.startsWith('homesec/alerts/'))).toEqual([]);
  });

  it('past the monthly budget the VLM is not called and the alert falls back to the detector, saying so', async () => {
    // Given a $0.001 budget that the first clip's call (20k prompt tokens at $0.40/M = $0.008) uses up
    // (the fake VLM is on loopback, where a model is free unless priced: price it as the cloud model)
    const prices = [{ model: 'gpt-4.1-mini', input_usd_per_mtok: 0.4, output_usd_per_mtok: 1.6 }];
    const app = await start({ analyzer: { monthly_budget_usd: 0.001, prices }, alerts: { cooldown_s: 0 } });
    vlm.setDefault({ kind: 'json', content: vlmReply({ risk_level: 'medium' }), promptTokens: 20_000, completionTokens: 10 });
    const inbox = join(app.dir, 'inbox', 'front_door');
    const first = waitForClip(app.app, (c) => c.originalName === 'one.mp4' && c.status === 'done', 60_000);
    dropClip(inbox, fixture('pedestrians.mp4'), 'one.mp4');
    await first;

    // When a second clip with people arrives
    const second = waitForClip(
      app.app,
      (c) => c.originalName === 'two.mp4' && c.status === 'done' && c.notifications.mqtt?.status === 'delivered',
      60_000,
    );
    dropClip(inbox, fixture('pedestrians.mp4'), 'two.mp4');
    const clip = await second;

    // Then the VLM was asked only once, the skip reason is recorded, and the alert went out on the detector result
    expect(vlm.requests).toHaveLength(1);
    expect(clip.stages.analyze).toMatchObject({ outcome: 'skipped', reason: 'budget_exceeded' });
    const decision = app.app.cameraEvents.getLocal(clip.eventId!)?.decision;
    expect(decision).toMatchObject({ alert: true, reason: 'trigger_label_vlm_skipped' });
    expect(decision?.detail).toContain('budget_exceeded');
    // (the first clip sent new, update, end; the second an unrated new and its end: no verdict to update with)
    const messages = await recorder.waitFor('homesec/alerts/front_door', 5);
    const payloads = messages.map((m) => AlertPayloadSchema.parse(JSON.parse(m.payload))).filter((p) => p.clip_id === clip.id);
    expect(payloads.map((p) => p.phase)).toEqual(['new', 'end']);
    expect(payloads[0]).toMatchObject({ risk_level: 'unrated', reason: 'early_detection' });
  });

  it.each([
    { setting: 'alerts.early off', alerts: { early: false } },
    { setting: 'alerts.wait_for_vlm_s 20', alerts: { wait_for_vlm_s: 20 } },
  ])('with $setting the first message waits for the verdict and carries it: new and end, no unrated alert', async ({ alerts }) => {
    // Given a VLM that takes 1.5 s to call the clip high risk
    const app = await start({ alerts });
    vlm.setDefault({
      kind: 'json',
      delayMs: 1500,
      content: vlmReply({
        risk_level: 'high',
        activity: 'suspicious_behavior',
        summary: { title: 'People at the door', description: 'x' },
      }),
    });
    const done = waitForClip(app.app, (c) => c.status === 'done', 60_000);

    // When the camera drops pedestrians.mp4
    dropClip(join(app.dir, 'inbox', 'front_door'), fixture('pedestrians.mp4'), 'pedestrians.mp4');
    const clip = await done;

    // Then the event sent two messages: a new with the verdict, then the end
    const messages = await recorder.waitFor('homesec/alerts/front_door', 2);
    const payloads = messages.map((m) => AlertPayloadSchema.parse(JSON.parse(m.payload)));
    expect(payloads.map((p) => p.phase)).toEqual(['new', 'end']);
    expect(payloads[0]).toMatchObject({
      event_id: clip.eventId,
      risk_level: 'high',
      title: 'People at the door',
      reason: 'risk_at_or_above_min',
    });
    expect(recorder.messages.filter((m) => m.topic.startsWith('homesec/alerts/'))).toHaveLength(2);
  });

  it('with alerts.wait_for_vlm_s shorter than the VLM, the unrated alert goes out once the wait is over, and the verdict follows as an update', async () => {
    // Given a VLM that takes 4 s and a 1 s wait for it
    const app = await start({ alerts: { wait_for_vlm_s: 1 } });
    vlm.setDefault({ kind: 'json', delayMs: 4000, content: vlmReply({ risk_level: 'high', activity: 'suspicious_behavior' }) });
    const done = waitForClip(app.app, (c) => c.status === 'done', 60_000);

    // When the camera drops pedestrians.mp4
    dropClip(join(app.dir, 'inbox', 'front_door'), fixture('pedestrians.mp4'), 'pedestrians.mp4');
    await done;

    // Then the early alert went out unrated before the verdict, which came as an update, then the end
    const messages = await recorder.waitFor('homesec/alerts/front_door', 3);
    const payloads = messages.map((m) => AlertPayloadSchema.parse(JSON.parse(m.payload)));
    expect(payloads.map((p) => [p.phase, p.risk_level])).toEqual([
      ['new', 'unrated'],
      ['update', 'high'],
      ['end', 'high'],
    ]);
  });
});
