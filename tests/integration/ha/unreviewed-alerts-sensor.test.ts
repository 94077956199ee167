import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraEvent } from '../../../server/src/core/camera-event.js';
import { makeClip, makeEventOf } from '../../support/factories.js';
import { recordMqtt, startMosquitto, type MosquittoBroker, type MqttRecorder, type RecordedMessage } from '../../support/mosquitto.js';
import { startHomesec, type StartedHomesec } from '../../support/start-homesec.js';

const TOPIC = 'homesec/hub/unreviewed_alerts';

function alertedEvent(id: string): CameraEvent {
  const sent = { key: 'new', phase: 'new' as const, at: new Date().toISOString(), reason: 'early_detection', deliveries: {} };
  return makeEventOf(makeClip({ id: `clip_${id}`, startedAt: new Date().toISOString() }), { id, status: 'closed', alerts: [sent] });
}

/** Resolves with the first message on TOPIC whose payload is `value` (each value is published once, when it changes). */
async function stateBecomes(recorder: MqttRecorder, value: string): Promise<RecordedMessage> {
  for (let count = 1; ; count++) {
    const found = (await recorder.waitFor(TOPIC, count)).find((m) => m.payload === value);
    if (found) return found;
  }
}

describe('Home Assistant: unreviewed alerts sensor', () => {
  let broker: MosquittoBroker;
  let recorder: MqttRecorder;
  let homesec: StartedHomesec;

  beforeAll(async () => {
    // Given the real app on a real broker, and a subscriber on the hub's discovery and the sensor's state
    broker = await startMosquitto();
    recorder = await recordMqtt(broker.url, 'homesec/hub/#');
    homesec = await startHomesec({ log_level: 'warn', mqtt: { url: broker.url } });
  });
  afterAll(async () => {
    await homesec?.close();
    await recorder?.close();
    await broker?.close();
  });

  it('starts at 0, counts alerts as they are sent, and drops as they are reviewed', async () => {
    // Then with nothing to review the sensor says 0
    await stateBecomes(recorder, '0');
    // When two events alert
    homesec.app.cameraEvents.open(alertedEvent('evt_one'));
    homesec.app.cameraEvents.open(alertedEvent('evt_two'));
    homesec.app.cameraEvents.update('evt_two', (e) => ({ ...e }));
    // Then it says 2
    await stateBecomes(recorder, '2');
    // When one is reviewed through the dashboard's API
    const response = await fetch(`${homesec.url}/api/events/evt_one/reviewed`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ reviewed: true }),
    });
    expect(response.status).toBe(200);
    // Then it says 1, retained: Home Assistant subscribing later gets it at once
    await stateBecomes(recorder, '1');
    const late = await recordMqtt(broker.url, TOPIC);
    try {
      const [retained] = await late.waitFor(TOPIC, 1);
      expect(retained).toMatchObject({ payload: '1', retain: true });
    } finally {
      await late.close();
    }
  });
});
