import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clip } from '../../../server/src/core/clip.js';
import { ClipDetailSchema, StatsResponseSchema } from '../../../server/src/http/contract.js';
import { dropClip } from '../../support/drop-clip.js';
import { recordMqtt, startMosquitto, type MosquittoBroker, type MqttRecorder, type RecordedMessage } from '../../support/mosquitto.js';
import { fixture, shippedModel } from '../../support/paths.js';
import { startFakeOpenAiServer, vlmReply, type FakeOpenAiServer } from '../../support/servers/fake-openai-server.js';
import { startHomesec, waitForClip, type StartedHomesec } from '../../support/start-homesec.js';
import { closedPort } from './closed-port.js';
import { parsePrometheusText, type PromExposition } from './prometheus-text.js';

/**
 * One clip through the real app (yolox_nano, a real OpenAI-compatible server, mosquitto for the MQTT
 * alert, an SMTP server that is not there): what /metrics, /api/clips/:id and /api/stats say about it.
 */
describe('observability of one alerted clip', () => {
  let broker: MosquittoBroker;
  let recorder: MqttRecorder;
  let vlm: FakeOpenAiServer;
  let running: StartedHomesec;
  let clip: Clip;
  let metrics: PromExposition;

  beforeAll(async () => {
    // Given HomeSec with detector, VLM (1000 + 100 tokens a call), MQTT alerts and an email notifier whose server is down
    broker = await startMosquitto();
    vlm = await startFakeOpenAiServer();
    vlm.setDefault({ kind: 'json', content: vlmReply({ risk_level: 'high', activity: 'suspicious_behavior' }) });
    running = await startHomesec({
      detector: { enabled: true, model: shippedModel('yolox_nano.onnx'), sample_fps: 1 },
      analyzer: { enabled: true, base_url: vlm.baseUrl, api_key: 'sk-metrics', run_mode: 'trigger_only', max_frames: 2 },
      mqtt: { url: broker.url },
      notify: {
        max_attempts: 1,
        email: {
          enabled: true,
          from: 'homesec@example.com',
          to: ['me@example.com'],
          smtp: { host: '127.0.0.1', port: await closedPort() },
        },
      },
    });
    recorder = await recordMqtt(broker.url, 'homesec/hub/alert_latency');
    const finished = waitForClip(
      running.app,
      (c) => c.status === 'done' && c.notifications.mqtt?.status === 'delivered' && c.notifications.email?.status === 'failed',
      90_000,
    );
    // When the camera drops pedestrians.mp4 and the clip is done, alerted by MQTT, and the email failed for good
    dropClip(join(running.dir, 'inbox', 'front_door'), fixture('pedestrians.mp4'), 'pedestrians.mp4');
    clip = await finished;
    const response = await fetch(`${running.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    metrics = parsePrometheusText(await response.text());
  }, 120_000);

  afterAll(async () => {
    await running?.close();
    await recorder?.close();
    await vlm?.close();
    await broker?.close();
  });

  it('/metrics parses as Prometheus text and has a histogram for every stage the clip went through', () => {
    // Then each main stage has one observation, as a histogram with +Inf bucket, sum and count
    expect(metrics.types.get('homesec_stage_duration_seconds')).toBe('histogram');
    for (const stage of ['upload', 'detect', 'analyze']) {
      const outcome = stage === 'upload' ? 'skipped' : 'ok';
      expect(metrics.value('homesec_stage_duration_seconds_count', { stage, outcome }), stage).toBe(1);
      expect(metrics.value('homesec_stage_duration_seconds_bucket', { stage, outcome, le: '+Inf' }), stage).toBe(1);
    }
    expect(metrics.value('homesec_stage_duration_seconds_sum', { stage: 'detect', outcome: 'ok' })).toBeCloseTo(
      (clip.stages.detect?.ms ?? 0) / 1000,
      3,
    );
  });

  it('/metrics has latency from the clip end, clip outcomes, detector time per frame, VLM usage and notifier failures', () => {
    // Then the latency histograms saw the verdict and the first delivery
    expect(metrics.value('homesec_step_latency_seconds_count', { step: 'analyze' })).toBe(1);
    expect(metrics.value('homesec_step_latency_seconds_count', { step: 'notification:mqtt' })).toBe(1);
    expect(metrics.value('homesec_alert_latency_seconds_count')).toBe(1);
    // And the clip counts as alerted, the detector as one clip's worth of frames
    expect(metrics.value('homesec_clips_total', { outcome: 'alerted' })).toBe(1);
    expect(metrics.value('homesec_detector_frame_seconds_count')).toBe(1);
    expect(metrics.value('homesec_detector_frame_seconds_sum')).toBeCloseTo(
      (clip.stages.detect?.ms ?? 0) / (clip.detection?.framesSampled ?? 1) / 1000,
      4,
    );
    // And the VLM call's tokens and cost, the failed email and the delivered MQTT alert
    expect(metrics.value('homesec_vlm_tokens_total', { kind: 'prompt' })).toBe(1000);
    expect(metrics.value('homesec_vlm_tokens_total', { kind: 'completion' })).toBe(100);
    expect(metrics.value('homesec_vlm_cost_usd_total')).toBeCloseTo(clip.analysis?.usage.costUsd ?? -1, 8);
    expect(metrics.value('homesec_notifier_failures_total', { notifier: 'email' })).toBe(1);
    expect(metrics.value('homesec_notifications_total', { notifier: 'mqtt', status: 'delivered' })).toBe(1);
  });

  it('/metrics has the queue depth, the camera state and process CPU and memory', () => {
    // Then the pipeline is empty, the watched folder camera is online, and the process figures are there
    expect(metrics.value('homesec_queue_depth')).toBe(0);
    expect(metrics.value('homesec_camera_online', { camera: 'front_door' })).toBe(1);
    expect(metrics.value('homesec_process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(metrics.value('homesec_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('logs every stage outcome as a structured record with its event_type, clip and stage', () => {
    // Then each stage of the clip left one pipeline.stage_<outcome> record with its time
    const records = ['pipeline.stage_ok', 'pipeline.stage_skipped', 'pipeline.stage_failed']
      .flatMap((type) => running.logs.records(type))
      .filter((r) => r.clip_id === clip.id);
    expect(records.map((r) => [r.event_type, r.stage]).sort()).toStrictEqual(
      [
        ['pipeline.stage_ok', 'analyze'],
        ['pipeline.stage_ok', 'detect'],
        ['pipeline.stage_skipped', 'upload'],
      ].sort(),
    );
    expect(records.every((r) => typeof r.ms === 'number')).toBe(true);
    expect(running.logs.records('notify.failed').filter((r) => r.clip_id === clip.id && r.notifier === 'email')).toHaveLength(1);
  });

  it('/api/clips/:id shows the latency of every step from the clip end', async () => {
    // When the clip page's data is fetched
    const detail = ClipDetailSchema.parse(await (await fetch(`${running.url}/api/clips/${clip.id}`)).json());
    // Then every stage and both notifiers have a time after the clip's end, in order
    const steps = detail.latency.steps.map((s) => s.step);
    expect(steps).toStrictEqual(['upload', 'detect', 'analyze', ...notifierOrder(clip)]);
    expect(detail.latency.endAt).not.toBeNull();
    const analyze = detail.latency.steps.find((s) => s.step === 'analyze');
    const detect = detail.latency.steps.find((s) => s.step === 'detect');
    expect(analyze?.fromEndMs).toBeGreaterThanOrEqual(detect?.fromEndMs ?? Number.POSITIVE_INFINITY);
    const mqtt = detail.latency.steps.find((s) => s.step === 'notification:mqtt');
    expect(detail.latency.alertMs).toBe(mqtt?.fromEndMs);
  });

  it('the Home Assistant alert latency sensor gets the delivered alert', async () => {
    // Then after the delivery the hub sensor's JSON counts one alert, its p50/p95 in seconds
    const message = await firstMatching(recorder, 'homesec/hub/alert_latency', (m) => JSON.parse(m.payload).alerts === 1);
    const mqtt = clip.notifications.mqtt;
    const end = Date.parse(clip.endedAt ?? clip.createdAt);
    expect(JSON.parse(message.payload)).toStrictEqual({
      alerts: 1,
      clips: 1,
      p50_s: Math.round((Date.parse(mqtt?.at ?? '') - end) / 100) / 10,
      p95_s: Math.round((Date.parse(mqtt?.at ?? '') - end) / 100) / 10,
      window: '24h',
    });
  });

  it('/api/stats summarises latency over the last day', async () => {
    // When stats are fetched
    const stats = StatsResponseSchema.parse(await (await fetch(`${running.url}/api/stats`)).json());
    // Then the one alerted clip is the whole summary
    expect(stats.latency).toMatchObject({ window: '24h', clips: 1, alerts: 1, capped: false });
    expect(stats.latency?.p95Ms).toBe(stats.latency?.p50Ms);
    expect(stats.latency?.perStep.detect).toMatchObject({ count: 1 });
    expect(stats.latency?.perStep['notification:mqtt']).toMatchObject({ count: 1 });
    expect(stats.latency?.perStep['notification:email']).toBeUndefined();
  });
});

/** The first message on `topic` that `match` accepts (waits for each further message). */
async function firstMatching(recorder: MqttRecorder, topic: string, match: (m: RecordedMessage) => boolean): Promise<RecordedMessage> {
  for (let count = 1; ; count++) {
    const messages = await recorder.waitFor(topic, count);
    const found = messages.find(match);
    if (found) return found;
  }
}

/** Notification steps come by time; the failed email may land before or after the MQTT delivery. */
function notifierOrder(clip: Clip): string[] {
  return Object.entries(clip.notifications)
    .sort(([, a], [, b]) => Date.parse(a.at) - Date.parse(b.at))
    .map(([name]) => `notification:${name}`);
}
