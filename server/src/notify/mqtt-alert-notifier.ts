import type { AlertMessage } from './alert-message.js';
import type { MqttLink } from '../core/mqtt-link.js';
import { err, ok, type Result } from '../core/result.js';
import { failure, type Failure } from '../core/failure.js';
import type { Notifier } from './notifier.js';

/** The MQTT alert feed: `<topic_prefix>/alerts/<camera>`, QoS 1, not retained, the alert payload as JSON. */
export class MqttAlertNotifier implements Notifier {
  readonly name = 'mqtt';

  constructor(private readonly options: { readonly link: MqttLink; readonly topicPrefix: string }) {}

  topicFor(camera: string): string {
    return `${this.options.topicPrefix}/alerts/${camera}`;
  }

  async send({ payload }: AlertMessage): Promise<Result<void, Failure>> {
    try {
      await this.options.link.publish(this.topicFor(payload.camera), JSON.stringify(payload), { qos: 1, retain: false });
      return ok(undefined);
    } catch (e) {
      return err(failure((e as Error).message, true, e));
    }
  }

  isReady(): boolean {
    return this.options.link.isConnected();
  }

  onReady(wake: () => void): void {
    this.options.link.onConnect(wake);
  }
}
