import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedbackRules } from '../../../server/src/alert/feedback-rules.js';
import { falseAlarmRule } from '../../../server/src/alert/rule-from-event.js';
import { SignalBus } from '../../../server/src/core/signal-bus.js';
import type { AlertPhase, CameraEvent } from '../../../server/src/core/camera-event.js';
import type { RiskLevel } from '../../../server/src/core/risk-level.js';
import { newEvent } from '../../../server/src/events/new-event.js';
import { buildAlertPayload, UNRATED, type AlertPayload } from '../../../server/src/notify/alert-payload.js';
import { ClipRepository } from '../../../server/src/store/clip-repository.js';
import { CameraEventRepository } from '../../../server/src/store/camera-event-repository.js';
import { LocalClipStates } from '../../../server/src/store/local-clip-states.js';
import { LocalDb } from '../../../server/src/store/local-db.js';
import { SqliteClipStore } from '../../../server/src/store/sqlite-clip-store.js';
import { StoreWriteJournal } from '../../../server/src/store/store-write-journal.js';
import { makeAnalysis } from '../../support/factories.js';
import { startMosquitto, type MosquittoBroker } from '../../support/mosquitto.js';
import { REPO_DIR } from '../../support/paths.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { BlueprintAutomation, type HaModel, type Phone } from './blueprint-runner.js';
import { log, RawRecorder, startBridge, type RunningBridge } from './ha-harness.js';

const BLUEPRINT = readFileSync(join(REPO_DIR, 'blueprints', 'automation', 'homesec', 'alert_notification.yaml'), 'utf8');
const PANEL = 'homeassistant://hassio/ingress/abc12345_homesec';

let broker: MosquittoBroker;
let client: MqttClient;
let dir: ReturnType<typeof makeTempDir>;
let events: CameraEventRepository;
let rules: FeedbackRules;
let localDb: LocalDb;

beforeAll(async () => {
  broker = await startMosquitto();
  client = await mqtt.connectAsync(broker.url, { clientId: 'ha_core_model', reconnectPeriod: 100 });
  // The real event repository and rules table, as HomeSec keeps them.
  dir = makeTempDir('homesec-blueprint-');
  localDb = LocalDb.open(dir.path);
  const bus = new SignalBus(log);
  const store = new SqliteClipStore(join(dir.path, 'homesec.db'));
  const repository = new ClipRepository({
    store,
    journal: new StoreWriteJournal(localDb),
    states: new LocalClipStates(localDb),
    transaction: (fn) => localDb.transaction(fn),
    bus,
    log,
  });
  await repository.start();
  events = new CameraEventRepository({ store, clips: repository, localDb, bus });
  rules = new FeedbackRules(localDb);
});

afterAll(async () => {
  await client.endAsync(true);
  await broker.close();
  localDb.stop();
  dir.remove();
});

/** Home Assistant as the blueprint sees it: the camera devices, a phone's tray, the MQTT integration. */
function homeAssistant(): HaModel & { phone: Phone } {
  return {
    devices: [
      { id: 'dev_front', configurationUrl: PANEL, entities: ['event.homesec_front_door_alert', 'select.homesec_front_door_snooze'] },
      { id: 'dev_garage', configurationUrl: PANEL, entities: ['event.homesec_garage_alert'] },
    ],
    phone: { tray: new Map(), rings: [] },
    mqttPublish: async (topic, payload, qos) => {
      await client.publishAsync(topic, payload, { qos });
    },
  };
}

/** An event HomeSec opened, with what the detector saw (a person's box) and, optionally, a verdict. */
function openEvent(camera: string, risk: RiskLevel | null = null): CameraEvent {
  const base = newEvent(camera, 'rtsp', new Date(), true);
  const event: CameraEvent = {
    ...base,
    labels: [{ label: 'person', bestScore: 0.9, frames: 3 }],
    moments: [
      {
        at: new Date().toISOString(),
        detections: [{ label: 'person', score: 0.9, box: [100, 100, 200, 300] }],
        frameWidth: 1280,
        frameHeight: 720,
      },
    ],
    snapshotPath: `${camera}/2026-12-07/${base.id}.jpg`,
    analysis: risk ? makeAnalysis({ riskLevel: risk }) : null,
  };
  return events.open(event);
}

/**
 * One message of the event as EventAlerts sends it: the sent alert recorded (with its level), then the payload
 * (`clipPath`: the clip's playable file EventAlerts found, which only the end carries).
 */
function message(eventId: string, phase: AlertPhase, risk: RiskLevel | null, clipPath: string | null = null): AlertPayload {
  const event = events.update(eventId, (e) => {
    const analysis = risk ? makeAnalysis({ riskLevel: risk }) : e.analysis;
    const key = phase === 'update' ? `update-${e.alerts.length}` : phase;
    const sent = { key, phase, at: new Date().toISOString(), reason: 'test', riskLevel: analysis?.riskLevel ?? UNRATED, deliveries: {} };
    return { ...e, analysis, alerts: [...e.alerts, sent] };
  });
  return buildAlertPayload(event, phase, event.alerts.length, '', clipPath);
}

const fire = (automation: BlueprintAutomation, payload: AlertPayload) => automation.fire('homesec_alert', { ...payload });

describe('the phone notification blueprint (run by a model of Home Assistant)', () => {
  it('notifies the first alert of a new camera, with this event snapshot, the tap to the event and three buttons', async () => {
    // Given the blueprint for every camera, and a camera whose entities never had a state (new)
    const ha = homeAssistant();
    const automation = new BlueprintAutomation(BLUEPRINT, { notify_device: 'phone_1' }, ha);
    const event = openEvent('garage');
    // When its first alert arrives (detector only: unrated)
    await fire(automation, message(event.id, 'new', null));
    // Then the phone rings once with a notification tagged by the event
    expect(ha.phone.rings).toHaveLength(1);
    const shown = ha.phone.tray.get(`homesec-${event.id}`);
    expect(shown?.data).toMatchObject({
      alert_once: true,
      image: `/media/local/homesec/garage/2026-12-07/${event.id}.jpg`,
      url: `/hassio/ingress/abc12345_homesec/#/events/${event.id}`,
      clickAction: `/hassio/ingress/abc12345_homesec/#/events/${event.id}`,
    });
    const titles = (shown?.data.actions as { title: string }[]).map((a) => a.title);
    expect(titles).toStrictEqual(['False alarm', 'Reviewed', 'Snooze 1 h']);
    expect(shown?.message).not.toContain('In:');
  });

  it('says in which zones the person was', async () => {
    // Given an event whose person walked into the driveway
    const ha = homeAssistant();
    const automation = new BlueprintAutomation(BLUEPRINT, { notify_device: 'phone_1' }, ha);
    const event = openEvent('front_door');
    events.update(event.id, (e) => ({ ...e, zones: ['driveway'] }));
    // When its first alert arrives
    await fire(automation, message(event.id, 'new', null));
    // Then the notification says where
    expect(ha.phone.tray.get(`homesec-${event.id}`)?.message).toMatch(/ In: driveway\.$/);
  });

  it('notifies the first alert after a restart: it listens to HomeSec event, not to the entity restored as unknown', async () => {
    // Given Home Assistant just restarted: a fresh automation run queue; the alert entity restored as `unknown`
    // (the blueprint reads no entity state: its only triggers are homesec_alert and the phone's buttons)
    const ha = homeAssistant();
    const automation = new BlueprintAutomation(BLUEPRINT, { notify_device: 'phone_1' }, ha);
    expect(BLUEPRINT).not.toMatch(/trigger: state/);
    const event = openEvent('front_door');
    // When HomeSec's outbox delivers the alert it kept while Home Assistant was down
    await fire(automation, message(event.id, 'new', null));
    // Then it notifies
    expect(ha.phone.rings.map((n) => n.tag)).toStrictEqual([`homesec-${event.id}`]);
  });

  it('replaces an unrated alert by its low verdict (same tag, no second ring); an all-low event never notifies', async () => {
    // Given the default levels (medium, high, critical, unrated)
    const ha = homeAssistant();
    const automation = new BlueprintAutomation(BLUEPRINT, { notify_device: 'phone_1' }, ha);
    const courier = openEvent('front_door');
    // When the early alert (unrated) and then the verdict "low: it was the courier" arrive
    await fire(automation, message(courier.id, 'new', null));
    await fire(automation, message(courier.id, 'update', 'low'));
    // Then the one notification now says the verdict, and the phone rang once
    expect(ha.phone.rings).toHaveLength(1);
    expect(ha.phone.tray.size).toBe(1);
    expect(ha.phone.tray.get(`homesec-${courier.id}`)?.message).toBe(makeAnalysis({ riskLevel: 'low' }).summary);
    // And the end of that event replaces it again
    await fire(automation, message(courier.id, 'end', 'low'));
    expect(ha.phone.tray.get(`homesec-${courier.id}`)?.message).toMatch(/\(ended\)$/);
    expect(ha.phone.rings).toHaveLength(1);
    // When another event's messages are all low
    const quiet = openEvent('front_door', 'low');
    await fire(automation, message(quiet.id, 'new', 'low'));
    await fire(automation, message(quiet.id, 'end', 'low'));
    // Then it never notifies
    expect(ha.phone.tray.has(`homesec-${quiet.id}`)).toBe(false);
  });

  it('with unrated left out, notifies on the high verdict and lets the low end replace it', async () => {
    const ha = homeAssistant();
    const automation = new BlueprintAutomation(BLUEPRINT, { notify_device: 'phone_1', alert_levels: ['high', 'critical'] }, ha);
    const event = openEvent('front_door');
    await fire(automation, message(event.id, 'new', null));
    expect(ha.phone.rings).toHaveLength(0);
    await fire(automation, message(event.id, 'update', 'high'));
    await fire(automation, message(event.id, 'end', 'low'));
    expect(ha.phone.rings).toHaveLength(1);
    expect(ha.phone.tray.get(`homesec-${event.id}`)?.message).toMatch(/\(ended\)$/);
  });

  it("attaches the end's clip as a video (Android `video`, iOS `attachment`), in place; earlier messages and an end without a playable clip keep the picture", async () => {
    // Given a notified event: its early alert and its verdict show the snapshot, no video
    const ha = homeAssistant();
    const automation = new BlueprintAutomation(BLUEPRINT, { notify_device: 'phone_1', media_folder: 'cctv' }, ha);
    const event = openEvent('front_door');
    const tag = `homesec-${event.id}`;
    const clipPath = `front_door/2026-12-07/${event.id}.mp4`;
    const snapshot = `/media/local/cctv/front_door/2026-12-07/${event.id}.jpg`;
    const first = message(event.id, 'new', null, clipPath);
    expect(first.clip_path).toBeNull();
    await fire(automation, first);
    expect(ha.phone.tray.get(tag)?.data).toMatchObject({ image: snapshot });
    expect(ha.phone.tray.get(tag)?.data).not.toHaveProperty('video');
    // (an earlier message that named a clip, which HomeSec never sends, still gets no video: the blueprint checks the phase)
    await fire(automation, { ...message(event.id, 'update', 'high'), clip_path: clipPath });
    expect(ha.phone.tray.get(tag)?.data).not.toHaveProperty('video');
    expect(ha.phone.tray.get(tag)?.data).not.toHaveProperty('attachment');

    // When the event ends with its clip
    const end = message(event.id, 'end', 'high', clipPath);
    expect(end.clip_path).toBe(clipPath);
    await fire(automation, end);

    // Then the same notification (same tag, no second ring) now carries the clip where HA serves the media folder
    const video = `/media/local/cctv/${clipPath}`;
    expect(ha.phone.rings).toHaveLength(1);
    expect(ha.phone.tray.size).toBe(1);
    const shown = ha.phone.tray.get(tag);
    expect(shown?.message).toMatch(/\(ended\)$/);
    expect(shown?.data).toMatchObject({ tag, image: snapshot, video, attachment: { url: video, 'content-type': 'mp4' } });
    // And it keeps the tap and the three buttons
    expect(shown?.data).toMatchObject({ clickAction: `/hassio/ingress/abc12345_homesec/#/events/${event.id}` });
    expect((shown?.data.actions as { title: string }[]).map((a) => a.title)).toStrictEqual(['False alarm', 'Reviewed', 'Snooze 1 h']);

    // When another notified event ends with no playable clip (clip_path null)
    const other = openEvent('front_door');
    await fire(automation, message(other.id, 'new', null));
    const bare = message(other.id, 'end', null, null);
    expect(bare.clip_path).toBeNull();
    await fire(automation, bare);
    // Then its end replaces the notification with the picture only
    const ended = ha.phone.tray.get(`homesec-${other.id}`);
    expect(ended?.message).toMatch(/\(ended\)$/);
    expect(ended?.data).toMatchObject({ image: `/media/local/cctv/front_door/2026-12-07/${other.id}.jpg` });
    expect(ended?.data).not.toHaveProperty('video');
    expect(ended?.data).not.toHaveProperty('attachment');
  });

  it('notifies only the chosen cameras', async () => {
    const ha = homeAssistant();
    const automation = new BlueprintAutomation(BLUEPRINT, { notify_device: 'phone_1', cameras: ['dev_garage'] }, ha);
    await fire(automation, message(openEvent('front_door').id, 'new', null));
    expect(ha.phone.rings).toHaveLength(0);
    await fire(automation, message(openEvent('garage').id, 'new', null));
    expect(ha.phone.rings).toHaveLength(1);
  });

  describe('with HomeSec listening to the buttons', () => {
    let running: RunningBridge;
    let recorder: RawRecorder;
    const start = Date.now();
    // A fast clock: an hour of snooze passes in a second.
    const clock = {
      now: () => new Date(start + (Date.now() - start) * 3600),
      schedule: (ms: number, fn: () => void) => setTimeout(fn, ms / 3600),
    };

    beforeAll(async () => {
      recorder = await RawRecorder.start(broker.url, 'homesec/camera/front_door/#');
      running = await startBridge({ url: broker.url, cameras: ['front_door', 'garage'], phone: { events, rules }, clock });
    });
    afterAll(async () => {
      await running.stop();
      await recorder.close();
    });

    it('False alarm from the phone makes the dashboard rule for this event, judges it and clears the notification', async () => {
      // Given a notified event
      const ha = homeAssistant();
      const automation = new BlueprintAutomation(BLUEPRINT, { notify_device: 'phone_1' }, ha);
      const event = openEvent('front_door');
      await fire(automation, message(event.id, 'new', null));
      const actions = ha.phone.tray.get(`homesec-${event.id}`)?.data.actions as { action: string; title: string }[];
      // When False alarm is pressed on the phone
      const pressed = actions.find((a) => a.title === 'False alarm')?.action;
      await automation.fire('mobile_app_notification_action', { action: pressed });
      // Then HomeSec made the dashboard's first rule (this label, in this area, for ever) from this event
      const expected = falseAlarmRule(event, new Date());
      await until(() => rules.list().some((r) => r.fromEventId === event.id));
      expect(rules.list().find((r) => r.fromEventId === event.id)).toMatchObject({
        camera: 'front_door',
        label: 'person',
        area: expected?.area,
        expiresAt: null,
      });
      // And the event is judged a false alarm and reviewed; the notification is gone
      await until(async () => (await events.get(event.id))?.feedback?.verdict === 'false_alarm');
      expect((await events.get(event.id))?.reviewedAt).not.toBeNull();
      expect(ha.phone.tray.has(`homesec-${event.id}`)).toBe(false);
    });

    it('Reviewed from the phone marks the event reviewed', async () => {
      const ha = homeAssistant();
      const automation = new BlueprintAutomation(BLUEPRINT, { notify_device: 'phone_1' }, ha);
      const event = openEvent('front_door');
      await fire(automation, message(event.id, 'new', null));
      const actions = ha.phone.tray.get(`homesec-${event.id}`)?.data.actions as { action: string; title: string }[];
      await automation.fire('mobile_app_notification_action', { action: actions.find((a) => a.title === 'Reviewed')?.action });
      await until(async () => (await events.get(event.id))?.reviewedAt !== null);
      expect((await events.get(event.id))?.feedback).toBeNull();
    });

    it('Snooze 1 h pauses the camera alerts in HomeSec, and the snooze ends by itself', async () => {
      // Given a notified event on the armed front door
      const ha = homeAssistant();
      const automation = new BlueprintAutomation(BLUEPRINT, { notify_device: 'phone_1' }, ha);
      const event = openEvent('front_door');
      await fire(automation, message(event.id, 'new', null));
      const actions = ha.phone.tray.get(`homesec-${event.id}`)?.data.actions as { action: string; title: string }[];
      const before = recorder.on('homesec/camera/front_door/snooze').length;
      // When Snooze 1 h is pressed
      await automation.fire('mobile_app_notification_action', { action: actions.find((a) => a.title === 'Snooze 1 h')?.action });
      // Then the camera stops alerting (its Alerts armed switch and Snooze select say so)
      await recorder.waitFor('homesec/camera/front_door/snooze', (ms) => ms.slice(before).some((m) => m.payload.toString() === '1 h'));
      const armedBefore = recorder.on('homesec/camera/front_door/armed').length;
      await recorder.waitFor('homesec/camera/front_door/armed', (ms) => ms.some((m) => m.payload.toString() === 'OFF'));
      // And an hour later (a fast clock) it alerts again by itself: Snooze back to Off, armed again
      await recorder.waitFor('homesec/camera/front_door/snooze', (ms) => ms.slice(before).some((m) => m.payload.toString() === 'Off'));
      await recorder.waitFor('homesec/camera/front_door/armed', (ms) => ms.slice(armedBefore).some((m) => m.payload.toString() === 'ON'));
      expect(running.arming.isArmed('front_door')).toBe(true);
      expect(running.arming.snoozedUntil('front_door')).toBeNull();
    });
  });
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
