import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SentAlert } from '../../../server/src/core/camera-event.js';
import { makeAnalysis, makeClip, makeDetection, makeEvent, makeEventOf } from '../../support/factories.js';
import { startMosquitto } from '../../support/mosquitto.js';
import { fixture } from '../../support/paths.js';
import { RawRecorder, startBridge } from './ha-harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const T = 'homesec/camera/front_door';
const BOX: [number, number, number, number] = [10, 20, 110, 300];
const sent = (key: string, phase: SentAlert['phase'], reason: string): SentAlert => ({
  key,
  phase,
  at: new Date().toISOString(),
  reason,
  deliveries: {},
});

describe('Home Assistant entities that follow a live camera', () => {
  it('turns motion, person and objects on while it happens, and fires the alert entity once per message of the event', async () => {
    // Given a broker, a recording subscriber and HomeSec with one live (RTSP) camera
    const b = await startMosquitto();
    cleanups.push(() => b.close());
    const r = await RawRecorder.start(b.url);
    cleanups.push(() => r.close());
    const running = await startBridge({ url: b.url, cameras: ['front_door'], liveCameras: ['front_door'] });
    cleanups.push(() => running.stop());
    await r.waitForPayload(`${T}/objects`, '0', 0);

    // When motion starts and the live detector sees two people walking and one standing still for a while
    running.bus.emit('camera.motion', 'front_door', true, Date.now());
    await r.waitForPayload(`${T}/motion`, 'ON', 0);
    const person = (score: number) => ({ label: 'person', score, box: BOX });
    running.bus.emit(
      'camera.objects',
      'front_door',
      {
        at: new Date().toISOString(),
        detections: [person(0.91), person(0.62), person(0.55)],
        frameWidth: 640,
        frameHeight: 480,
      },
      [{ label: 'person', moving: 2, stationary: 1 }],
    );

    // Then person is ON, two moving objects are in view and one stationary, with the best detection as attributes
    await r.waitForPayload(`${T}/person`, 'ON', 0);
    await r.waitForPayload(`${T}/objects`, '2', 0);
    await r.waitForPayload(`${T}/stationary_objects`, '1', 0);
    expect(JSON.parse(r.last(`${T}/person/attributes`)?.payload.toString() ?? '{}')).toMatchObject({
      label: 'person',
      confidence: 0.91,
      labels: ['person'],
    });

    // When the event sends its early alert with a snapshot, then an update with the verdict
    const clip = makeClip({
      id: 'clip_live',
      detection: makeDetection(['person']),
      snapshotPath: 'front_door/live/evt.jpg',
      analysis: null,
    });
    mkdirSync(dirname(join(running.mediaDir, 'front_door/live/evt.jpg')), { recursive: true });
    copyFileSync(fixture('pedestrians.jpg'), join(running.mediaDir, 'front_door/live/evt.jpg'));
    const early = { ...makeEventOf(clip), clipIds: [], alerts: [sent('new', 'new', 'early_detection')] };
    running.bus.emit('event.updated', early);
    await r.waitFor(`${T}/alert`, (ms) => ms.length >= 1, 'the new alert');
    await r.waitFor(`${T}/snapshot`, (ms) => ms.length >= 1, 'the live snapshot');
    const verdict = makeAnalysis({ riskLevel: 'medium', title: 'Two people at the door' });
    const updated = { ...early, analysis: verdict, alerts: [...early.alerts, sent('update-1', 'update', 'verdict')] };
    running.bus.emit('event.updated', updated);
    // And the same event is reported again unchanged (a later write of it)
    running.bus.emit('event.updated', updated);
    await r.waitFor(`${T}/alert`, (ms) => ms.length >= 2, 'the update alert');

    // Then each message fired once, with one event id, phases in order and the verdict in the update
    const alerts = r.on(`${T}/alert`).map((m) => JSON.parse(m.payload.toString()) as Record<string, unknown>);
    expect(alerts.map((a) => [a.event_id, a.phase, a.sequence, a.event_type])).toStrictEqual([
      [early.id, 'new', 1, 'unrated'],
      [early.id, 'update', 2, 'medium'],
    ]);
    expect(alerts[1]).toMatchObject({ title: 'Two people at the door', snapshot: 'front_door/live/evt.jpg', clip: null });

    // When the clip of the live camera is recorded
    running.bus.emit('clip.recorded', clip, makeEvent(clip.id, { type: 'clip_stored' }));
    await r.waitForPayload(`${T}/clips_today`, '1', 0);
    // And motion ends
    running.bus.emit('camera.motion', 'front_door', false, Date.now());

    // Then motion, person and objects go back to idle, and the clip itself pulsed nothing
    await r.waitForPayload(`${T}/motion`, 'OFF', r.on(`${T}/motion`).length - 1);
    await r.waitForPayload(`${T}/objects`, '0', 1);
    await r.waitForPayload(`${T}/stationary_objects`, '0', 2);
    expect(r.last(`${T}/person`)?.payload.toString()).toBe('OFF');
    const motionStates = r
      .on(`${T}/motion`)
      .map((m) => m.payload.toString())
      .filter((p, i, all) => i === 0 || all[i - 1] !== p);
    expect(motionStates).toStrictEqual(['OFF', 'ON', 'OFF']);
  });
});
