import { afterEach, describe, expect, it } from 'vitest';
import { ALERT_OUTBOX_TABLE } from '../../../server/src/notify/outbox-table.js';
import { AlertPayloadSchema } from '../../../server/src/notify/alert-payload.js';
import { MqttAlertNotifier } from '../../../server/src/notify/mqtt-alert-notifier.js';
import { MqttConnection } from '../../../server/src/mqtt/mqtt-connection.js';
import type { Clip } from '../../../server/src/core/clip.js';
import { alertMessageFor, makeAnalysis, makeClip, makeDetection } from '../../support/factories.js';
import { recordMqtt, startMosquitto, type MosquittoBroker, type MqttRecorder } from '../../support/mosquitto.js';
import { log, outboxWorld, type OutboxWorld } from './outbox-harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(
  existingDir?: string,
): Promise<{ broker: MosquittoBroker; world: OutboxWorld; link: MqttConnection; recorder: MqttRecorder }> {
  const broker = await startMosquitto();
  cleanups.push(() => broker.close());
  const recorder = await recordMqtt(broker.url, 'homesec/alerts/#');
  cleanups.push(() => recorder.close());
  const world = await outboxWorld(existingDir);
  cleanups.push(() => world.close());
  const link = new MqttConnection({ url: broker.url, topicPrefix: 'homesec', log, reconnectMinMs: 100, reconnectMaxMs: 300 });
  cleanups.push(() => link.stop());
  return { broker, world, link, recorder };
}

function alertingClip(overrides: Partial<Clip> = {}): Clip {
  return makeClip({
    startedAt: '2026-11-21T10:00:00.000Z',
    detection: makeDetection(['person']),
    analysis: makeAnalysis({
      riskLevel: 'high',
      activity: 'suspicious_behavior',
      title: 'Person tries the door',
      summary: 'A person tried the handle.',
    }),
    alerted: true,
    snapshotPath: 'front_door/2026-11-21/x.jpg',
    ...overrides,
  });
}

function connected(link: MqttConnection): Promise<void> {
  return new Promise((resolve) => (link.isConnected() ? resolve() : link.onConnect(resolve)));
}

describe('MQTT alert feed through the outbox', () => {
  it('publishes one alert on homesec/alerts/<camera>, QoS 1, not retained, with the documented fields', async () => {
    // Given a connected link and an outbox with the MQTT notifier
    const { world, link, recorder } = await setup();
    const up = connected(link);
    await link.start(new AbortController().signal);
    await up;
    const outbox = world.outbox([new MqttAlertNotifier({ link, topicPrefix: 'homesec' })]);
    await outbox.start(new AbortController().signal);
    const clip = alertingClip();
    world.addClip(clip);
    const publicUrl = 'https://homesec.example.com/';

    // When the clip's first alert is enqueued (twice: a repeated notify stage)
    expect(outbox.enqueue(alertMessageFor(clip, 'new', publicUrl))).toEqual(['mqtt']);
    expect(outbox.enqueue(alertMessageFor(clip, 'new', publicUrl))).toEqual(['mqtt']);
    await world.waitForEvent(clip.id, 'notification_delivered', 'mqtt');

    // Then a second clip's alert arrives after exactly one alert for the first
    const second = alertingClip();
    world.addClip(second);
    outbox.enqueue(alertMessageFor(second));
    const messages = await recorder.waitFor('homesec/alerts/front_door', 2);
    expect(messages.map((m) => JSON.parse(m.payload).clip_id)).toEqual([clip.id, second.id]);

    // And the payload has every field, validated by the schema, with an offset timestamp and links
    const [first] = messages;
    expect(first).toMatchObject({ qos: 1, retain: false });
    const payload = AlertPayloadSchema.parse(JSON.parse(first?.payload ?? ''));
    expect(payload).toMatchObject({
      schema_version: 2,
      event_id: `evt_${clip.id}`,
      phase: 'new',
      clip_id: clip.id,
      camera: 'front_door',
      risk_level: 'high',
      activity: 'suspicious_behavior',
      title: 'Person tries the door',
      summary: 'A person tried the handle.',
      labels: ['person'],
      reason: 'risk_at_or_above_min',
      clip_url: `https://homesec.example.com/api/clips/${clip.id}/video`,
      snapshot_url: `https://homesec.example.com/api/events/evt_${clip.id}/snapshot`,
    });
    expect(new Date(payload.started_at).toISOString()).toBe('2026-11-21T10:00:00.000Z');
    expect(payload.started_at).toMatch(/[+-]\d\d:\d\d$/);

    // And the delivery is recorded on the clip
    expect(world.repository.getLocal(clip.id)?.notifications.mqtt).toMatchObject({ status: 'delivered', attempts: 1, error: null });
  });

  it('keeps three alerts while the broker is down and delivers them once each, in order, when it is back', async () => {
    // Given a running link and outbox, then the broker stops
    const { broker, world, link, recorder } = await setup();
    const up = connected(link);
    await link.start(new AbortController().signal);
    await up;
    const outbox = world.outbox([new MqttAlertNotifier({ link, topicPrefix: 'homesec' })]);
    await outbox.start(new AbortController().signal);
    await broker.stop();

    // When three alerts are produced while it is down
    const clips = [alertingClip(), alertingClip(), alertingClip({ camera: 'front_door' })];
    for (const clip of clips) {
      world.addClip(clip);
      outbox.enqueue(alertMessageFor(clip));
    }

    // Then they wait, recorded as pending on their clips
    for (const clip of clips) expect(world.repository.getLocal(clip.id)?.notifications.mqtt?.status).toBe('pending');

    // When the broker is back
    await broker.start();
    for (const clip of clips) await world.waitForEvent(clip.id, 'notification_delivered', 'mqtt');

    // Then each arrived exactly once, in order
    const messages = await recorder.waitFor('homesec/alerts/front_door', 3);
    expect(messages.map((m) => JSON.parse(m.payload).clip_id)).toEqual(clips.map((c) => c.id));
    expect(world.events.filter((e) => e.type === 'notification_failed')).toEqual([]);
  });

  it('delivers alerts queued before a restart once the app is back', async () => {
    // Given a broker that is down and an alert queued by an outbox that then stops (the app shuts down)
    const { broker, world, recorder } = await setup();
    await broker.stop();
    const downLink = new MqttConnection({ url: broker.url, topicPrefix: 'homesec', log, reconnectMinMs: 100, reconnectMaxMs: 300 });
    await downLink.start(new AbortController().signal);
    const before = world.outbox([new MqttAlertNotifier({ link: downLink, topicPrefix: 'homesec' })]);
    await before.start(new AbortController().signal);
    const clip = alertingClip();
    world.addClip(clip);
    before.enqueue(alertMessageFor(clip));
    await before.stop();
    await downLink.stop();

    // When the broker is up and a new outbox starts on the same local database
    await broker.start();
    const link = new MqttConnection({ url: broker.url, topicPrefix: 'homesec', log });
    cleanups.push(() => link.stop());
    const after = world.outbox([new MqttAlertNotifier({ link, topicPrefix: 'homesec' })]);
    await link.start(new AbortController().signal);
    await after.start(new AbortController().signal);

    // Then the queued alert goes out once
    await world.waitForEvent(clip.id, 'notification_delivered', 'mqtt');
    const messages = await recorder.waitFor('homesec/alerts/front_door', 1);
    expect(messages.map((m) => JSON.parse(m.payload).clip_id)).toEqual([clip.id]);
  });

  it('sends a delivery that was cut off by a crash again after the restart (at least once), with the same key', async () => {
    // Given an alert row left mid-delivery by a crashed process (it may or may not have reached the broker)
    const { world, link, recorder } = await setup();
    const clip = alertingClip();
    world.addClip(clip);
    const crashed = world.outbox([new MqttAlertNotifier({ link, topicPrefix: 'homesec' })]);
    crashed.enqueue(alertMessageFor(clip));
    world.db
      .use(ALERT_OUTBOX_TABLE)
      .prepare("UPDATE alert_outbox SET status = 'sending', attempts = 1 WHERE event_id = ?")
      .run(`evt_${clip.id}`);

    // When the outbox starts again with the broker up
    const up = connected(link);
    await link.start(new AbortController().signal);
    await up;
    const outbox = world.outbox([new MqttAlertNotifier({ link, topicPrefix: 'homesec' })]);
    await outbox.start(new AbortController().signal);

    // Then the alert goes out, carrying the keys a consumer de-duplicates on, and is recorded delivered on the second attempt
    await world.waitForEvent(clip.id, 'notification_delivered', 'mqtt');
    const [message] = await recorder.waitFor('homesec/alerts/front_door', 1);
    expect(JSON.parse(message?.payload ?? '{}')).toMatchObject({ event_id: `evt_${clip.id}`, phase: 'new', sequence: 1 });
    expect(world.repository.getLocal(clip.id)?.notifications.mqtt).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(outbox.health().message).toBe('0 notification(s) waiting');
  });

  it('gives up on a row cut off by crashes past its last attempt (a message that kills the process is not resent forever)', async () => {
    // Given an alert row cut off mid-delivery on attempt 4, past the harness's max_attempts of 3 (it had its extra try)
    const { world, link } = await setup();
    const clip = alertingClip();
    world.addClip(clip);
    const crashed = world.outbox([new MqttAlertNotifier({ link, topicPrefix: 'homesec' })]);
    crashed.enqueue(alertMessageFor(clip));
    world.db
      .use(ALERT_OUTBOX_TABLE)
      .prepare("UPDATE alert_outbox SET status = 'sending', attempts = 4 WHERE event_id = ?")
      .run(`evt_${clip.id}`);

    // When the outbox starts again
    const outbox = world.outbox([new MqttAlertNotifier({ link, topicPrefix: 'homesec' })]);
    await outbox.start(new AbortController().signal);

    // Then the delivery is recorded as failed with the reason, and nothing is queued any more
    const event = await world.waitForEvent(clip.id, 'notification_failed', 'mqtt');
    expect(String(event.data.error)).toMatch(/interrupted during delivery again/);
    expect(outbox.health().message).toBe('0 notification(s) waiting');
  });
});
