import { afterEach, describe, expect, it } from 'vitest';
import type { Detection } from '../../../server/src/core/detection.js';
import type { Zone } from '../../../server/src/core/zone.js';
import { startMosquitto } from '../../support/mosquitto.js';
import { RawRecorder, startBridge } from './ha-harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const Z = 'homesec/camera/front_door/zone';
const driveway: Zone = {
  name: 'driveway',
  points: [
    [0.5, 0.4],
    [1, 0.4],
    [1, 1],
    [0.5, 1],
  ],
  labels: [],
};
const person = (box: Detection['box']): Detection => ({ label: 'person', score: 0.9, box });
/** One live frame (640x480) with these detections. */
const frame = (detections: Detection[]) => ({ at: new Date().toISOString(), detections, frameWidth: 640, frameHeight: 480 });

describe("a live camera's zone occupancy sensor over a real broker", () => {
  it('announces the sensor, is ON while a person stands in the zone (by their feet), and OFF when they step out and when motion ends', async () => {
    // Given a broker, a recording subscriber and the bridge for one live camera with a driveway on the right half
    const b = await startMosquitto();
    cleanups.push(() => b.close());
    const r = await RawRecorder.start(b.url);
    cleanups.push(() => r.close());
    const running = await startBridge({
      url: b.url,
      cameras: ['front_door'],
      liveCameras: ['front_door'],
      settings: { zones: new Map([['front_door', [driveway]]]) },
    });
    cleanups.push(() => running.stop());

    // Then the camera device holds a "Person in driveway" occupancy sensor, which starts OFF, and every message passes HA's rules
    const [config] = await r.waitFor('homeassistant/device/homesec_front_door/config', (ms) => ms.length >= 1, 'the camera device');
    const components = (JSON.parse(config?.payload.toString() ?? '{}') as { components: Record<string, Record<string, unknown>> })
      .components;
    expect(components.zone_driveway).toMatchObject({ platform: 'binary_sensor', name: 'Person in driveway', state_topic: `${Z}/driveway` });
    await r.waitForPayload(`${Z}/driveway`, 'OFF', 0);

    // When motion starts and a person is seen whose box reaches into the driveway but whose feet are left of it
    running.bus.emit('camera.motion', 'front_door', true, Date.now());
    running.bus.emit('camera.objects', 'front_door', frame([person([250, 100, 350, 400])]), [
      { label: 'person', moving: 1, stationary: 0 },
    ]);
    await r.waitForPayload('homesec/camera/front_door/person', 'ON', 0);
    await r.waitFor(`${Z}/driveway/attributes`, (ms) => ms.length >= 2, 'the first frame in the zone attributes');
    // Then the driveway is still empty
    expect(r.last(`${Z}/driveway`)?.payload.toString()).toBe('OFF');

    // When they walk in: their feet are in the driveway
    const seen = r.on(`${Z}/driveway`).length;
    running.bus.emit('camera.objects', 'front_door', frame([person([400, 150, 460, 420])]), [
      { label: 'person', moving: 1, stationary: 0 },
    ]);
    // Then the sensor turns ON, with the count and labels as attributes
    await r.waitForPayload(`${Z}/driveway`, 'ON', seen);
    expect(JSON.parse(r.last(`${Z}/driveway/attributes`)?.payload.toString() ?? '{}')).toStrictEqual({ count: 1, labels: ['person'] });

    // When they step back out, Then it turns OFF
    const on = r.on(`${Z}/driveway`).length;
    running.bus.emit('camera.objects', 'front_door', frame([person([200, 150, 260, 420])]), [
      { label: 'person', moving: 1, stationary: 0 },
    ]);
    await r.waitForPayload(`${Z}/driveway`, 'OFF', on);

    // When they come back and then motion ends, Then it is ON and then OFF again
    const out = r.on(`${Z}/driveway`).length;
    running.bus.emit('camera.objects', 'front_door', frame([person([400, 150, 460, 420])]), [
      { label: 'person', moving: 1, stationary: 0 },
    ]);
    await r.waitForPayload(`${Z}/driveway`, 'ON', out);
    const back = r.on(`${Z}/driveway`).length;
    running.bus.emit('camera.motion', 'front_door', false, Date.now());
    await r.waitForPayload(`${Z}/driveway`, 'OFF', back);
    expect(r.check().problems).toStrictEqual([]);
  });
});
