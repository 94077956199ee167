import { z } from 'zod';
import type { CameraArming } from '../core/camera-arming.js';
import type { MqttLink } from '../core/mqtt-link.js';
import type { Logger } from '../core/logger.js';
import { armedSetFilter, cameraOfArmedSet } from './ha-topics.js';
import { inBackground } from '../runtime/background.js';

// HA sends payload_on / payload_off exactly; other casing is accepted, anything else is refused.
const SwitchCommandSchema = z
  .string()
  .trim()
  .toUpperCase()
  .pipe(z.enum(['ON', 'OFF']));

export interface ArmedSwitchOptions {
  readonly link: MqttLink;
  readonly arming: CameraArming;
  readonly log: Logger;
  readonly topicPrefix: string;
  readonly cameras: readonly string[];
  /** Publishes the camera's armed state as it is now. */
  readonly publishState: (camera: string) => Promise<void>;
}

/**
 * The "Alerts armed" switch: `<topic_prefix>/camera/<camera>/armed/set` with ON/OFF arms or disarms the
 * camera's alerts (persisted by CameraArming, which announces the change). A command that changes
 * nothing still answers with the state, so HA's switch never sticks at a value it assumed.
 */
export class ArmedSwitch {
  private running = false;

  constructor(private readonly options: ArmedSwitchOptions) {}

  start(): void {
    this.running = true;
    this.options.link.subscribe(armedSetFilter(this.options.topicPrefix), (topic, payload) => {
      inBackground(this.onCommand(topic, payload), this.options.log, 'armed switch command');
    });
  }

  stop(): void {
    this.running = false;
  }

  private async onCommand(topic: string, payload: Buffer): Promise<void> {
    if (!this.running) return;
    const { log, arming } = this.options;
    const camera = cameraOfArmedSet(this.options.topicPrefix, topic);
    if (camera === null || !this.options.cameras.includes(camera)) {
      log.warn({ event_type: 'ha.switch_unknown_camera', topic }, 'armed command for an unknown camera ignored');
      return;
    }
    const command = SwitchCommandSchema.safeParse(payload.toString('utf8'));
    if (!command.success) {
      log.warn({ event_type: 'ha.switch_bad_command', topic, camera }, 'armed command is not ON or OFF; ignored');
      return;
    }
    const armed = command.data === 'ON';
    const unchanged = arming.isArmed(camera) === armed;
    try {
      arming.setArmed(camera, armed);
    } catch (e) {
      log.error({ event_type: 'ha.switch_failed', camera, err: e }, 'could not change the armed state');
    }
    log.info({ event_type: 'ha.camera_armed', camera, armed }, armed ? 'camera alerts armed' : 'camera alerts disarmed');
    // A change is published by the camera.armedChanged listener; an unchanged state is re-sent here.
    if (unchanged) await this.options.publishState(camera);
  }
}
