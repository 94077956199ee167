import fc from 'fast-check';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordMqtt, startMosquitto, type MosquittoBroker, type MqttRecorder } from '../../support/mosquitto.js';
import { startHomesecProcess, type HomesecProcess } from './homesec-process.js';

const RUNS = 40;
const CAMERAS = ['front_door', 'driveway'] as const;
/** A third camera that only ever gets valid commands: its state changing shows every earlier command was handled. */
const SENTINEL = 'garage';

/** What the armed switch promises: ON or OFF in any case, with surrounding white space; anything else changes nothing. */
function commandOf(payload: Uint8Array): boolean | null {
  const match = /^\s*(on|off)\s*$/i.exec(Buffer.from(payload).toString('utf8'));
  return match ? match[1]?.toLowerCase() === 'on' : null;
}

const text = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

const payload: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc
    .constantFrom('ON', 'OFF', 'on', ' off\n', 'On', 'ONN', 'OF', '', '{"state":"ON"}', 'null', 'true', '1', 'ON\u0000', '\uFEFFON')
    .map(text),
  fc.string({ unit: 'binary', maxLength: 16 }).map(text),
  fc.uint8Array({ maxLength: 300 }),
  fc.constant(new Uint8Array(64 * 1024).fill(0x4f)),
);

/** Command topics of known cameras, of unknown and odd ones, and look-alikes HomeSec does not subscribe to. */
const topic = (prefix: string): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...CAMERAS).map((c) => `${prefix}/camera/${c}/armed/set`) },
    {
      weight: 1,
      // Any Unicode (a topic must be valid UTF-8 without NUL, or the broker drops the publisher), no wildcards
      arbitrary: fc
        .string({ unit: 'grapheme', maxLength: 12 })
        .filter((s) => !s.includes('+') && !s.includes('#') && !s.includes('\u0000'))
        .map((c) => `${prefix}/camera/${c}/armed/set`),
    },
    { weight: 1, arbitrary: fc.constantFrom(...CAMERAS).map((c) => `${prefix}/camera/${c}/armed/set/extra`) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        `${prefix}/camera//armed/set`,
        `${prefix}/camera/front_door/armed`,
        `${prefix}/camera/FRONT_DOOR/armed/set`,
      ),
    },
  );

const SNOOZE_OPTIONS = ['Off', '30 min', '1 h', '2 h', '8 h', '24 h'];

/** Snooze select payloads that are none of its options (a valid one would snooze). */
const badSnooze: fc.Arbitrary<Uint8Array> = payload.filter((p) => !SNOOZE_OPTIONS.includes(Buffer.from(p).toString('utf8').trim()));

/** Phone commands (the notification's buttons) that name no known camera or event: each must change nothing. */
const badPhoneCommand: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc
    .record({
      command: fc.constantFrom('false_alarm', 'reviewed', 'snooze', 'SNOOZE', '', 'delete'),
      event_id: fc.oneof(fc.string({ maxLength: 20 }), fc.constant(''), fc.string({ minLength: 201, maxLength: 300 })),
      camera: fc.constantFrom('no_such_camera', '', '../front_door', 'FRONT_DOOR', 'front_door '),
      minutes: fc.constantFrom(-1, 0, 1441, 1.5, '60', null, 60),
    })
    .map((c) => text(JSON.stringify(c))),
  payload,
);

/** Malformed commands on every other command topic: the snooze selects (per camera and all) and the phone commands. */
const otherCommand = (prefix: string): fc.Arbitrary<[string, Uint8Array]> =>
  fc.oneof(
    fc.tuple(
      fc.constantFrom(...CAMERAS, SENTINEL).map((c) => `${prefix}/camera/${c}/snooze/set`),
      badSnooze,
    ),
    fc.tuple(fc.constant(`${prefix}/hub/snooze/set`), badSnooze),
    fc.tuple(fc.constant(`${prefix}/command`), badPhoneCommand),
  );

describe('malformed MQTT commands against the running service and a real Mosquitto', () => {
  let broker: MosquittoBroker;
  let homesec: HomesecProcess;
  let commander: MqttClient;
  let recorder: MqttRecorder;

  beforeAll(async () => {
    broker = await startMosquitto();
    homesec = await startHomesecProcess((dir) => ({
      mqtt: { url: broker.url },
      cameras: [...CAMERAS, SENTINEL].map((name) => ({ name, source: 'folder', path: `${dir}/inbox/${name}` })),
    }));
    recorder = await recordMqtt(broker.url, 'homesec/#');
    commander = await mqtt.connectAsync(broker.url);
  }, 90_000);
  afterAll(async () => {
    await commander?.endAsync();
    await recorder?.close();
    await homesec?.close();
    await broker?.close();
  });

  async function armedNow(): Promise<Record<string, boolean>> {
    const body = (await (await fetch(`${homesec.url}/api/cameras`)).json()) as { cameras: { name: string; armed: boolean }[] };
    return Object.fromEntries(body.cameras.map((c) => [c.name, c.armed]));
  }

  /** Sends the sentinel camera the opposite of its state and waits until HomeSec shows it: everything sent before is handled. */
  async function settle(): Promise<void> {
    const next = !(await armedNow())[SENTINEL];
    await commander.publishAsync(`homesec/camera/${SENTINEL}/armed/set`, next ? 'ON' : 'OFF', { qos: 1 });
    await expect.poll(async () => (await armedNow())[SENTINEL], { timeout: 10_000, interval: 50 }).toBe(next);
  }

  /** The last state HomeSec published for each snooze select. */
  function snoozeStates(): Record<string, string> {
    const states: Record<string, string> = {};
    for (const m of recorder.messages) if (/^homesec\/(camera\/[^/]+|hub)\/snooze$/.test(m.topic)) states[m.topic] = m.payload;
    return states;
  }

  it('arms and disarms only on ON and OFF, ignores everything else (snooze and phone commands too), and stays up', async () => {
    // Given the cameras' armed states as HomeSec has them
    await settle();
    const model: Record<string, boolean> = await armedNow();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.tuple(topic('homesec'), payload), otherCommand('homesec')), { minLength: 1, maxLength: 10 }),
        async (commands) => {
          // When any of these commands arrive, in order
          for (const [to, body] of commands) {
            await commander.publishAsync(to, Buffer.from(body), { qos: 1 });
            const camera = CAMERAS.find((c) => to === `homesec/camera/${c}/armed/set`);
            const command = commandOf(body);
            if (camera && command !== null) model[camera] = command;
          }
          await settle();
          // Then each known camera is armed as its last valid command said, nothing else moved it, and nothing is snoozed
          const now = await armedNow();
          for (const camera of CAMERAS)
            expect(
              now[camera],
              `${camera} after ${JSON.stringify(commands.map(([t, b]) => [t, Buffer.from(b).toString('utf8').slice(0, 40)]))}`,
            ).toBe(model[camera]);
        },
      ),
      { numRuns: RUNS },
    );
    // And the process is up and healthy, and said why it ignored the bad commands
    expect(homesec.alive(), `homesec exited:\n${homesec.tail()}`).toBe(true);
    expect((await fetch(`${homesec.url}/api/health`)).status).toBe(200);
    expect(homesec.records('ha.switch_bad_command').length + homesec.records('ha.switch_unknown_camera').length).toBeGreaterThan(0);
    expect(homesec.records('ha.snooze_bad_command').length).toBeGreaterThan(0);
    // And a valid snooze still works afterwards, and ends on Off
    await commander.publishAsync('homesec/camera/front_door/snooze/set', '30 min', { qos: 1 });
    await expect.poll(() => snoozeStates()['homesec/camera/front_door/snooze'], { timeout: 10_000 }).toBe('30 min');
    await commander.publishAsync('homesec/camera/front_door/snooze/set', 'Off', { qos: 1 });
    await expect.poll(() => snoozeStates()['homesec/camera/front_door/snooze'], { timeout: 10_000 }).toBe('Off');
  });
});
