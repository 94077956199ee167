import type { EmailConfig } from '../config/sections/notify-config.js';
import type { MqttLink } from '../core/mqtt-link.js';
import type { Services } from '../runtime/services.js';
import type { Logger } from '../core/logger.js';
import type { MediaFolder } from '../media/media-paths.js';
import type { EmailTransport } from './email-message.js';
import { EmailNotifier } from './email-notifier.js';
import { HaEventNotifier, type HaEventSink } from './ha-event-notifier.js';
import { MqttAlertNotifier } from './mqtt-alert-notifier.js';
import type { Notifier } from './notifier.js';
import { SendgridTransport } from './sendgrid-transport.js';
import { SmtpTransport } from './smtp-transport.js';

/** What notifiers may need besides the config: each is null when it does not exist in this run. */
export interface NotifierContext {
  readonly services: Services;
  /** The broker connection (null without a broker, or in `homesec process`). */
  readonly mqtt: (MqttLink & { readonly topicPrefix: string }) | null;
  /** Home Assistant's event API through the Supervisor (null outside the add-on). */
  readonly haEvents: HaEventSink | null;
  readonly media: MediaFolder;
}

/** The email transport registry, keyed by `notify.email.transport`. */
const EMAIL_TRANSPORTS: Record<EmailConfig['transport'], (email: EmailConfig, log: Logger) => EmailTransport> = {
  smtp: (email, log) => new SmtpTransport({ smtp: email.smtp, log }),
  sendgrid: (email, log) => new SendgridTransport({ sendgrid: email.sendgrid, log }),
};

/**
 * The notifier registry: each entry builds its notifier when the config turns it on and what it
 * needs exists, else returns null.
 */
const NOTIFIERS: readonly ((context: NotifierContext) => Notifier | null)[] = [
  ({ services, mqtt }) =>
    mqtt && services.config.notify.mqttAlerts ? new MqttAlertNotifier({ link: mqtt, topicPrefix: mqtt.topicPrefix }) : null,
  ({ services, media }) => {
    const email = services.config.notify.email;
    if (!email.enabled) return null;
    const notifyLog = services.log.child({ component: 'notify' });
    const transport = EMAIL_TRANSPORTS[email.transport](email, notifyLog);
    return new EmailNotifier({ config: email, transport, media, log: notifyLog });
  },
  ({ services, haEvents }) => (haEvents && services.config.notify.haEvents ? new HaEventNotifier({ events: haEvents }) : null),
];

/** Every notifier this run has: MQTT alert feed (with a broker), email (when enabled), Home Assistant event (in the add-on). */
export function buildNotifiers(context: NotifierContext): Notifier[] {
  return NOTIFIERS.map((build) => build(context)).filter((n): n is Notifier => n !== null);
}
