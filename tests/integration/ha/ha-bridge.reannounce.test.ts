import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { startMosquitto, type MosquittoBroker } from '../../support/mosquitto.js';
import { RawRecorder, retainedOn, startBridge, type RunningBridge } from './ha-harness.js';

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
async function bridge(url: string, cameras: string[], dataDir?: string): Promise<RunningBridge> {
  const b = await startBridge({ url, cameras, ...(dataDir ? { dataDir } : {}) });
  cleanups.push(() => b.stop());
  return b;
}

const HUB = 'homeassistant/device/homesec/config';
const CAMERA = 'homeassistant/device/homesec_front_door/config';
const ARMED = 'homesec/camera/front_door/armed';

describe('re-announcing to Home Assistant', () => {
  it('publishes configs and states again after a broker restart', async () => {
    // Given HomeSec announced to a broker
    const b = await broker();
    const r = await recorder(b.url);
    const running = await bridge(b.url, ['front_door']);
    await r.waitFor(ARMED, (ms) => ms.length >= 1, 'the armed state');
    const configsBefore = r.on(CAMERA).length;
    const armedBefore = r.on(ARMED).length;

    // When the broker restarts and HomeSec reconnects
    const reconnected = running.connected();
    await b.stop();
    await b.start();
    await reconnected;

    // Then the configs and the states arrive again
    await r.waitFor(CAMERA, (ms) => ms.length > configsBefore, 'a republished camera config');
    await r.waitFor(ARMED, (ms) => ms.length > armedBefore, 'a republished armed state');
    await r.waitFor(HUB, (ms) => ms.at(-1)?.retain === true, 'a retained hub config');
    expect(r.check().problems).toStrictEqual([]);
  });

  it("publishes configs and states again on Home Assistant's birth message", async () => {
    // Given HomeSec announced, and Home Assistant restarting
    const b = await broker();
    const r = await recorder(b.url);
    await bridge(b.url, ['front_door']);
    await r.waitFor(ARMED, (ms) => ms.length >= 1, 'the armed state');
    const configsBefore = r.on(HUB).length;
    const armedBefore = r.on(ARMED).length;

    // When Home Assistant publishes its birth message (not retained)
    const ha = await mqtt.connectAsync(b.url);
    cleanups.push(() => ha.endAsync(true));
    await ha.publishAsync('homeassistant/status', 'online', { qos: 0, retain: false });

    // Then the configs, then the states, are published again
    await r.waitFor(HUB, (ms) => ms.length > configsBefore, 'a republished hub config');
    await r.waitFor(ARMED, (ms) => ms.length > armedBefore, 'a republished armed state');
    // And "offline" from Home Assistant's last will changes nothing
    await ha.publishAsync('homeassistant/status', 'offline', { qos: 0, retain: false });
    expect(r.check().problems).toStrictEqual([]);
  });

  it('turns its status offline when it stops, and shows online while running', async () => {
    // Given HomeSec running
    const b = await broker();
    const running = await bridge(b.url, ['front_door']);
    expect((await retainedOn(b.url, 'homesec/status')).get('homesec/status')?.toString()).toBe('online');

    // When it stops
    await running.stop();

    // Then the broker holds "offline" for its status (what the hub status entity and all availability read)
    expect((await retainedOn(b.url, 'homesec/status')).get('homesec/status')?.toString()).toBe('offline');
  });
});

describe('removing a camera', () => {
  it('clears the removed camera device and its retained states, and keeps the others', async () => {
    // Given HomeSec ran with two cameras and left their configs and states retained
    const b = await broker();
    const first = await bridge(b.url, ['front_door', 'garage']);
    const r = await recorder(b.url);
    await r.waitFor('homesec/camera/garage/armed', (ms) => ms.length >= 1, 'the garage armed state');
    await first.stop();
    const before = await retainedOn(b.url, '#');
    expect(before.has('homeassistant/device/homesec_garage/config')).toBe(true);
    expect(before.has('homesec/camera/garage/armed')).toBe(true);

    // When HomeSec starts again with the garage camera removed from its config
    await bridge(b.url, ['front_door']);
    await r.waitFor('homeassistant/device/homesec_garage/config', (ms) => ms.at(-1)?.payload.length === 0, 'an empty garage config');
    const garageStates = [...before.keys()].filter((t) => t.startsWith('homesec/camera/garage/'));
    await r.waitFor(
      'homesec/camera/garage/#',
      () => garageStates.every((t) => r.last(t)?.payload.length === 0),
      'every garage state cleared',
    );

    // Then the broker no longer holds the garage device nor its states, and the empty config was retained
    const after = await retainedOn(b.url, '#');
    expect([...after.keys()].filter((t) => t.includes('garage'))).toStrictEqual([]);
    expect(r.last('homeassistant/device/homesec_garage/config')?.retain).toBe(true);
    // And the remaining camera and the hub are untouched
    expect(after.has(CAMERA)).toBe(true);
    expect(after.has(HUB)).toBe(true);
    expect(r.on(CAMERA).every((m) => m.payload.length > 0)).toBe(true);
  });

  it("never clears another program's devices or another HomeSec instance's", async () => {
    // Given retained configs of a Zigbee device and of a second HomeSec (topic prefix "barn")
    const b = await broker();
    const other = await mqtt.connectAsync(b.url);
    cleanups.push(() => other.endAsync(true));
    const zigbee = JSON.stringify({
      device: { identifiers: ['zigbee2mqtt_0x01'] },
      origin: { name: 'Zigbee2MQTT' },
      components: { a: { platform: 'sensor', unique_id: 'z1', state_topic: 'z/1' } },
    });
    const barn = JSON.stringify({
      device: { identifiers: ['homesec_barn_cow'], via_device: 'homesec_barn' },
      origin: { name: 'HomeSec' },
      components: {},
    });
    await other.publishAsync('homeassistant/device/zigbee_0x01/config', zigbee, { qos: 1, retain: true });
    await other.publishAsync('homeassistant/device/homesec_barn_cow/config', barn, { qos: 1, retain: true });

    // When this HomeSec starts and sweeps for stale devices
    const r = await recorder(b.url);
    await bridge(b.url, ['front_door']);
    await r.waitFor('homesec/camera/front_door/armed', (ms) => ms.length >= 1, 'the armed state');

    // Then both foreign configs are still retained, unchanged
    const after = await retainedOn(b.url, 'homeassistant/device/+/config');
    expect(after.get('homeassistant/device/zigbee_0x01/config')?.toString()).toBe(zigbee);
    expect(after.get('homeassistant/device/homesec_barn_cow/config')?.toString()).toBe(barn);
  });
});
