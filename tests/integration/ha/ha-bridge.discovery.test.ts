import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clip } from '../../../server/src/core/clip.js';
import { makeAnalysis, makeClip, makeDetection, makeEvent, makeEventOf } from '../../support/factories.js';
import { startMosquitto, type MosquittoBroker } from '../../support/mosquitto.js';
import { fixture } from '../../support/paths.js';
import { RawRecorder, startBridge, type RunningBridge } from './ha-harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function broker(): Promise<MosquittoBroker> {
  const b = await startMosquitto();
  cleanups.push(() => b.close());
  return b;
}
async function recorder(url: string): Promise<RawRecorder> {
  const r = await RawRecorder.start(url);
  cleanups.push(() => r.close());
  return r;
}
async function bridge(url: string, cameras: string[], holdMs?: number): Promise<RunningBridge> {
  const b = await startBridge({ url, cameras, ...(holdMs === undefined ? {} : { holdMs }) });
  cleanups.push(() => b.stop());
  return b;
}

/** Walks a clip through the steps the pipeline records, emitting each on the bus. */
function recordSteps(running: RunningBridge, steps: [Clip, Parameters<typeof makeEvent>[1]][]): void {
  for (const [clip, event] of steps) running.bus.emit('clip.recorded', clip, makeEvent(clip.id, event));
}

/** The sequence of distinct states (a re-announce may repeat the current one). */
function changes(ms: { payload: Buffer }[]): string {
  return ms
    .map((m) => m.payload.toString())
    .filter((p, i, all) => i === 0 || all[i - 1] !== p)
    .join(',');
}

const LONG_SUMMARY = `A courier in a yellow jacket walks up the path, ${'looks around the porch and '.repeat(14)}leaves a parcel by the door.`;

describe('Home Assistant discovery against a real broker', () => {
  it('publishes retained configs and states that pass the HA rules, with events never retained', async () => {
    // Given a broker, a recording subscriber and HomeSec with two cameras
    const b = await broker();
    const r = await recorder(b.url);
    const running = await bridge(b.url, ['front_door', 'garage']);
    await r.waitFor('homeassistant/device/+/config', (ms) => ms.length >= 3, 'three device configs');
    await r.waitFor('homesec/camera/+/armed', (ms) => ms.length >= 2, 'armed states');

    // When a clip goes through the pipeline: received, detected with a snapshot, analysed; its event alerts
    const snapshotPath = 'front_door/2026-11-21/clip_a.jpg';
    mkdirSync(dirname(join(running.mediaDir, snapshotPath)), { recursive: true });
    copyFileSync(fixture('pedestrians.jpg'), join(running.mediaDir, snapshotPath));
    const received = makeClip({ id: 'clip_a', status: 'processing' });
    const detected = { ...received, detection: makeDetection(['person', 'car']), snapshotPath };
    const analysed = { ...detected, analysis: makeAnalysis({ summary: LONG_SUMMARY, riskLevel: 'high', title: 'Courier at the door' }) };
    const decided = { ...analysed, alerted: true };
    recordSteps(running, [
      [received, { type: 'clip_received' }],
      [detected, { type: 'stage_succeeded', data: { stage: 'detect' } }],
      [analysed, { type: 'stage_succeeded', data: { stage: 'analyze' } }],
      [{ ...decided, status: 'done' }, { type: 'clip_done' }],
    ]);
    // And its event sends the new alert (as EventAlerts records it)
    const sent = { key: 'new', phase: 'new' as const, at: decided.startedAt, reason: 'risk_at_or_above_min', deliveries: {} };
    running.bus.emit('event.updated', makeEventOf(decided, { alerts: [sent] }));
    const [alert] = await r.waitFor('homesec/camera/front_door/alert', (ms) => ms.length >= 1, 'the alert event');
    await r.waitFor('homesec/camera/front_door/snapshot', (ms) => ms.length >= 1, 'the snapshot');
    await r.waitFor('homesec/camera/front_door/risk', (ms) => ms.length >= 1, 'the risk');

    // Then every config and state that left HomeSec passes the Home Assistant rules
    const checker = r.check();
    expect(checker.problems).toStrictEqual([]);
    // And configs are retained, the alert event is not, and fires once with the risk as event_type
    for (const config of r.on('homeassistant/#')) expect(config.retain, config.topic).toBe(true);
    expect(alert?.retain).toBe(false);
    expect(r.on('homesec/camera/front_door/alert')).toHaveLength(1);
    expect(JSON.parse(alert?.payload.toString('utf8') ?? '')).toMatchObject({
      event_type: 'high',
      event_id: 'evt_clip_a',
      phase: 'new',
      title: 'Courier at the door',
      camera: 'front_door',
      clip_id: 'clip_a',
      labels: ['person', 'car'],
      snapshot: snapshotPath,
      clip: 'front_door/2026-11-21/clip.mp4',
    });
    // And the summary state is cut to 255 characters while the attributes keep the full text
    const summary = r.last('homesec/camera/front_door/summary')?.payload.toString('utf8') ?? '';
    expect(LONG_SUMMARY.length).toBeGreaterThan(255);
    expect([...summary]).toHaveLength(255);
    expect(JSON.parse(r.last('homesec/camera/front_door/summary/attributes')?.payload.toString('utf8') ?? '{}')).toMatchObject({
      summary: LONG_SUMMARY,
      risk_level: 'high',
    });
    // And the snapshot is raw JPEG bytes, retained and small
    const snapshot = r.last('homesec/camera/front_door/snapshot');
    expect(snapshot?.retain).toBe(true);
    expect(snapshot?.payload.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect(snapshot?.payload.length).toBeLessThanOrEqual(200_000);
    // And motion, person, risk and clips today followed the clip
    expect(r.last('homesec/camera/front_door/motion')?.payload.toString()).toBe('ON');
    expect(r.last('homesec/camera/front_door/person')?.payload.toString()).toBe('ON');
    expect(r.last('homesec/camera/front_door/risk')?.payload.toString()).toBe('high');
    expect(r.last('homesec/camera/front_door/clips_today')?.payload.toString()).toBe('1');
    // And the other camera was not touched
    expect(r.on('homesec/camera/garage/motion').map((m) => m.payload.toString())).toStrictEqual(['OFF']);
  });

  it('turns motion and person off after the hold time, and follows camera status and health', async () => {
    // Given HomeSec with a short hold time
    const b = await broker();
    const r = await recorder(b.url);
    const running = await bridge(b.url, ['front_door'], 200);
    await r.waitForPayload('homesec/camera/front_door/motion', 'OFF');

    // When a clip with a person arrives, the stream drops and a health check turns unhealthy
    const clip = makeClip({ id: 'clip_b', detection: makeDetection(['person']) });
    recordSteps(running, [[clip, { type: 'clip_stored' }]]);
    running.bus.emit('camera.statusChanged', { camera: 'front_door', online: false, lastFrameAt: null, detail: 'stream stalled' });
    running.health.register('store', () => ({ status: 'degraded', message: 'postgres down' }));
    running.bus.emit('health.changed', 'store', { status: 'degraded', message: 'postgres down' });

    // Then motion and person go ON then OFF again, the camera shows offline and the hub a problem
    await r.waitFor('homesec/camera/front_door/motion', (ms) => changes(ms) === 'OFF,ON,OFF', 'ON then OFF');
    await r.waitFor('homesec/camera/front_door/person', (ms) => changes(ms) === 'OFF,ON,OFF', 'ON then OFF');
    await r.waitForPayload('homesec/camera/front_door/online', 'OFF');
    await r.waitForPayload('homesec/hub/problem', 'ON');
    expect(JSON.parse(r.last('homesec/hub/problem/attributes')?.payload.toString() ?? '{}')).toStrictEqual({
      health: 'degraded',
      checks: { store: 'degraded: postgres down' },
    });
    expect(r.check().problems).toStrictEqual([]);
  });
});
