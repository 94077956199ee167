import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { recordMqtt, startMosquitto, type MosquittoBroker, type MqttRecorder } from '../../support/mosquitto.js';
import { startFakeCoreWebsocket, type FakeCoreWebsocket } from '../../support/servers/fake-core-websocket.js';
import { startHomesec, type StartedHomesec } from '../../support/start-homesec.js';

const STATE = 'homesec/camera/front_door/armed';
const ATTRIBUTES = 'homesec/camera/front_door/armed/attributes';
const SET = 'homesec/camera/front_door/armed/set';

/** The "Alerts armed" switch in Home Assistant under mode away: its state is the effective one, `armed_reason` says why. */
describe('the Alerts armed switch under arming by presence', () => {
  let core: FakeCoreWebsocket | null = null;
  let broker: MosquittoBroker | null = null;
  let recorder: MqttRecorder | null = null;
  let running: StartedHomesec | null = null;
  afterEach(async () => {
    await running?.close();
    await recorder?.close();
    await broker?.close();
    await core?.close();
  });

  /** The switch as Home Assistant last heard it: [state, armed_reason]. */
  const lastSwitch = () => {
    const last = (topic: string) => recorder?.messages.filter((m) => m.topic === topic).at(-1)?.payload;
    const attributes = last(ATTRIBUTES);
    return [last(STATE), attributes ? (JSON.parse(attributes) as { armed_reason: string }).armed_reason : undefined];
  };

  it('shows presence arming and a manual override, with the reason, and the override ends at the next change', async () => {
    // Given HomeSec on a broker, following a Home Assistant with someone at home
    core = await startFakeCoreWebsocket({ 'zone.home': '1' });
    broker = await startMosquitto();
    recorder = await recordMqtt(broker.url, 'homesec/camera/front_door/#');
    running = await startHomesec({
      mqtt: { url: broker.url },
      alerts: { arming: { mode: 'away' } },
      home_assistant: { url: core.url, token: core.token },
    });
    // Then the switch is off because someone is home
    await expect.poll(lastSwitch, { timeout: 20_000 }).toStrictEqual(['OFF', 'someone_home']);
    // When everybody leaves / Then it turns on because nobody is home
    core.setState('zone.home', '0');
    await expect.poll(lastSwitch, { timeout: 20_000 }).toStrictEqual(['ON', 'nobody_home']);
    // When the user turns the switch off in Home Assistant / Then it stays off as a manual override
    const commander = await mqtt.connectAsync(broker.url);
    try {
      await commander.publishAsync(SET, 'OFF', { qos: 1 });
      await expect.poll(lastSwitch, { timeout: 20_000 }).toStrictEqual(['OFF', 'manual_override']);
    } finally {
      await commander.endAsync();
    }
    // When someone comes home and leaves again / Then presence decides again each time
    core.setState('zone.home', '1');
    await expect.poll(lastSwitch, { timeout: 20_000 }).toStrictEqual(['OFF', 'someone_home']);
    core.setState('zone.home', '0');
    await expect.poll(lastSwitch, { timeout: 20_000 }).toStrictEqual(['ON', 'nobody_home']);
  });
});
