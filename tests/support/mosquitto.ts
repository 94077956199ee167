import mqtt, { type MqttClient } from 'mqtt';

export { startMosquitto, type MosquittoBroker } from '../../server/src/bench/local-mosquitto.js';

export interface RecordedMessage {
  readonly topic: string;
  readonly payload: string;
  readonly retain: boolean;
  readonly qos: number;
  /** Date.now() when the recorder got it. */
  readonly receivedAt: number;
}

export interface MqttRecorder {
  readonly messages: RecordedMessage[];
  /** Resolves with the messages on topics matching `topic` once there are `count` of them. */
  waitFor(topic: string, count: number, timeoutMs?: number): Promise<RecordedMessage[]>;
  close(): Promise<void>;
}

/** A subscriber with a persistent session that records every message on `filter`, across broker restarts. */
export async function recordMqtt(url: string, filter: string): Promise<MqttRecorder> {
  const client: MqttClient = await mqtt.connectAsync(url, {
    reconnectPeriod: 100,
    clean: false,
    clientId: `recorder_${Math.random().toString(16).slice(2, 10)}`,
  });
  await client.subscribeAsync(filter, { qos: 1 });
  const messages: RecordedMessage[] = [];
  const waiters: (() => void)[] = [];
  client.on('message', (topic, payload, packet) => {
    messages.push({ topic, payload: payload.toString('utf8'), retain: packet.retain, qos: packet.qos, receivedAt: Date.now() });
    for (const w of [...waiters]) w();
  });
  const matching = (topic: string) => messages.filter((m) => m.topic === topic);
  return {
    messages,
    waitFor: (topic, count, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = matching(topic);
          if (found.length < count) return;
          clearTimeout(timer);
          waiters.splice(waiters.indexOf(check), 1);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(check), 1);
          reject(new Error(`timed out waiting for ${count} message(s) on ${topic}; got ${JSON.stringify(messages)}`));
        }, timeoutMs);
        waiters.push(check);
        check();
      }),
    close: () => client.endAsync(true),
  };
}
