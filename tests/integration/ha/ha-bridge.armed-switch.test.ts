import { parseConfigSection } from '../../../server/src/config/schema.js';
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { CooldownTracker } from '../../../server/src/alert/cooldown-tracker.js';
import { DefaultAlertPolicy } from '../../../server/src/alert/default-alert-policy.js';
import { AlertsConfigSchema } from '../../../server/src/config/sections/alerts-config.js';
import type { AlertDecision } from '../../../server/src/core/alert-decision.js';
import { evidenceOfClip } from '../../support/clip-evidence.js';
import { makeAnalysis, makeClip, makeDetection, makeEvent, makeEventOf } from '../../support/factories.js';
import { startMosquitto, type MosquittoBroker } from '../../support/mosquitto.js';
import { log, RawRecorder, startBridge, type RunningBridge } from './ha-harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(): Promise<{ b: MosquittoBroker; r: RawRecorder; running: RunningBridge; ha: MqttClient }> {
  const b = await startMosquitto();
  cleanups.push(() => b.close());
  const r = await RawRecorder.start(b.url);
  cleanups.push(() => r.close());
  const running = await startBridge({ url: b.url, cameras: ['front_door', 'garage'] });
  cleanups.push(() => running.stop());
  const ha = await mqtt.connectAsync(b.url);
  cleanups.push(() => ha.endAsync(true));
  await r.waitForPayload(ARMED, 'ON');
  return { b, r, running, ha };
}

const ARMED = 'homesec/camera/front_door/armed';
const SET = 'homesec/camera/front_door/armed/set';
const ALERT = 'homesec/camera/front_door/alert';

/** What the clip's event does with its verdict: the real policy decides, the event is recorded on the bus. */
function decideAndRecord(running: RunningBridge, policy: DefaultAlertPolicy, id: string): AlertDecision {
  const clip = makeClip({ id, detection: makeDetection(['person']), analysis: makeAnalysis({ riskLevel: 'high' }) });
  const decision = policy.decideOn(evidenceOfClip(clip), new Date());
  running.bus.emit('clip.recorded', clip, makeEvent(id, { type: 'stage_succeeded', data: { stage: 'analyze' } }));
  // The event sends its new alert when the decision says so (as EventAlerts does).
  const alerts = decision.alert ? [{ key: 'new', phase: 'new' as const, at: clip.startedAt, reason: decision.reason, deliveries: {} }] : [];
  running.bus.emit('event.updated', makeEventOf(clip, { decision, alerts }));
  return decision;
}

describe('the "Alerts armed" switch over MQTT', () => {
  it('disarms and re-arms the camera, the state follows, and the next alert is held back then sent', async () => {
    // Given HomeSec with the real alert policy reading the same armed flags (no cooldown in the way)
    const { r, running, ha } = await setup();
    const policy = new DefaultAlertPolicy({
      config: parseConfigSection(AlertsConfigSchema, { cooldown_s: 0 }),
      triggerLabels: ['person'],
      arming: running.arming,
      cooldown: new CooldownTracker(running.db),
      log,
    });

    // When Home Assistant turns the switch off
    const seen = r.on(ARMED).length;
    await ha.publishAsync(SET, 'OFF', { qos: 1 });

    // Then the switch state follows (retained), the camera is disarmed and the next clip does not alert
    await r.waitForPayload(ARMED, 'OFF', seen);
    expect(r.last(ARMED)?.retain).toBe(true);
    expect(running.arming.isArmed('front_door')).toBe(false);
    expect(running.arming.isArmed('garage')).toBe(true);
    const held = decideAndRecord(running, policy, 'clip_disarmed');
    expect(held).toMatchObject({ alert: false, reason: 'disarmed' });

    // When it is turned on again
    const seenOn = r.on(ARMED).length;
    await ha.publishAsync(SET, 'ON', { qos: 1 });
    await r.waitForPayload(ARMED, 'ON', seenOn);

    // Then the next clip alerts, and the alert event fires for it only
    const sent = decideAndRecord(running, policy, 'clip_armed');
    expect(sent).toMatchObject({ alert: true });
    const [event] = await r.waitFor(ALERT, (ms) => ms.length >= 1, 'the alert event');
    expect(JSON.parse(event?.payload.toString() ?? '{}')).toMatchObject({ event_type: 'high', clip_id: 'clip_armed' });
    expect(r.on(ALERT)).toHaveLength(1);
  });

  it('answers a command that changes nothing with the state, and ignores bad commands', async () => {
    // Given an armed camera
    const { r, running, ha } = await setup();
    const seen = r.on(ARMED).length;

    // When HA sends ON again (its optimistic view), then garbage, then a command for an unknown camera
    await ha.publishAsync(SET, 'ON', { qos: 1 });
    await r.waitForPayload(ARMED, 'ON', seen);
    await ha.publishAsync(SET, 'maybe', { qos: 1 });
    await ha.publishAsync('homesec/camera/attic/armed/set', 'OFF', { qos: 1 });
    const after = r.on(ARMED).length;
    await ha.publishAsync(SET, 'off', { qos: 1 });

    // Then only the valid commands changed anything (lower case is accepted), in order
    await r.waitForPayload(ARMED, 'OFF', after);
    expect(
      r
        .on(ARMED)
        .slice(seen)
        .map((m) => m.payload.toString()),
    ).toStrictEqual(['ON', 'OFF']);
    expect(running.arming.isArmed('front_door')).toBe(false);
    expect(r.on('homesec/camera/attic/#').filter((m) => m.topic !== 'homesec/camera/attic/armed/set')).toStrictEqual([]);
  });

  it('keeps the armed flag across a restart and announces it', async () => {
    // Given a camera disarmed over MQTT
    const { b, r, running, ha } = await setup();
    await ha.publishAsync(SET, 'OFF', { qos: 1 });
    await r.waitForPayload(ARMED, 'OFF');
    const dataDir = running.dataDir;
    await running.bridge.stop();
    await running.link.stop();

    // When HomeSec starts again on the same data folder
    const seen = r.on(ARMED).length;
    const again = await startBridge({ url: b.url, cameras: ['front_door'], dataDir });
    cleanups.push(() => again.stop());

    // Then the switch comes back off
    await r.waitFor(ARMED, (ms) => ms.length > seen, 'the armed state after restart');
    expect(r.last(ARMED)?.payload.toString()).toBe('OFF');
  });
});
