import { buildAlertPolicy } from '../alert/build-alert-policy.js';
import { EventAlerts } from '../alert/event-alerts.js';
import type { CameraArming } from '../core/camera-arming.js';
import type { NotificationOutbox } from '../core/notification-outbox.js';
import type { Services } from '../runtime/services.js';
import type { AlertMessage } from '../notify/alert-message.js';
import type { EventRepository } from '../store/event-repository.js';
import { EventService } from './event-service.js';

/** The event service and the alert life of its events (policy, phases, outbox). */
export function buildEvents(
  services: Services,
  parts: {
    readonly events: EventRepository;
    readonly arming: CameraArming;
    readonly outbox: NotificationOutbox<AlertMessage> | null;
    /** Whether a vision model will give verdicts (an early alert then says one follows). */
    readonly verdictExpected: boolean;
  },
): EventService {
  const { config, bus, log } = services;
  const alerts = new EventAlerts({
    policy: buildAlertPolicy(services, parts.arming),
    outbox: parts.outbox,
    events: parts.events,
    config: config.alerts,
    verdictExpected: parts.verdictExpected,
    publicUrl: config.notify.publicUrl,
    log: log.child({ component: 'alerts' }),
  });
  return new EventService({
    events: parts.events,
    alerts,
    bus,
    log: log.child({ component: 'events' }),
    finalCallAfterS: config.analyzer.finalCallAfterS,
  });
}
