import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { dropClip } from '../../support/drop-clip.js';
import { recordMqtt, startMosquitto, type MosquittoBroker, type MqttRecorder } from '../../support/mosquitto.js';
import { fixture, shippedModel } from '../../support/paths.js';
import { startHomesec, waitForClip, type StartedHomesec } from '../../support/start-homesec.js';

/** The HA armed switch through the whole app: the MQTT command decides whether the next alert goes out. */
describe('alerts armed switch, end to end', () => {
  let broker: MosquittoBroker | null = null;
  let recorder: MqttRecorder | null = null;
  let running: StartedHomesec | null = null;
  afterEach(async () => {
    await running?.close();
    await recorder?.close();
    await broker?.close();
  });

  it('disarming over MQTT holds the next alert back; re-arming lets the next one out; the switch state follows', async () => {
    // Given HomeSec with the real detector (a person alerts on the detector alone) and a real broker
    broker = await startMosquitto();
    recorder = await recordMqtt(broker.url, 'homesec/#');
    running = await startHomesec({
      detector: { enabled: true, model: shippedModel('yolox_nano.onnx'), sample_fps: 1 },
      alerts: { cooldown_s: 0 },
      mqtt: { url: broker.url },
    });
    const app = running.app;
    const inbox = join(running.dir, 'inbox', 'front_door');
    const commander = await mqtt.connectAsync(broker.url);
    try {
      // When the switch is turned OFF from Home Assistant
      await commander.publishAsync('homesec/camera/front_door/armed/set', 'OFF', { qos: 1 });
      await expect
        .poll(() => recorder?.messages.filter((m) => m.topic === 'homesec/camera/front_door/armed').at(-1)?.payload, { timeout: 10_000 })
        .toBe('OFF');
      // And a clip with people arrives
      const held = waitForClip(app, (c) => c.status === 'done', 60_000);
      dropClip(inbox, fixture('pedestrians.mp4'), 'first.mp4');
      // Then it does not alert, and says why
      const heldClip = await held;
      expect(app.cameraEvents.getLocal(heldClip.eventId ?? '')?.decision).toMatchObject({ alert: false, reason: 'disarmed' });
      expect(heldClip.alerted).toBe(false);
      // When the switch is turned ON and the next clip with people arrives
      await commander.publishAsync('homesec/camera/front_door/armed/set', 'ON', { qos: 1 });
      await expect
        .poll(() => recorder?.messages.filter((m) => m.topic === 'homesec/camera/front_door/armed').at(-1)?.payload, { timeout: 10_000 })
        .toBe('ON');
      const sent = waitForClip(
        app,
        (c) => c.status === 'done' && c.originalName === 'second.mp4' && c.notifications.mqtt?.status === 'delivered',
        60_000,
      );
      dropClip(inbox, fixture('pedestrians.mp4'), 'second.mp4');
      const clip = await sent;
      // Then exactly that clip's alert goes out on the alert feed
      const alerts = await recorder.waitFor('homesec/alerts/front_door', 1);
      expect(alerts).toHaveLength(1);
      expect(JSON.parse(alerts[0]?.payload ?? '{}')).toMatchObject({ clip_id: clip.id, reason: 'trigger_label_vlm_skipped' });
    } finally {
      await commander.endAsync();
    }
  });
});
