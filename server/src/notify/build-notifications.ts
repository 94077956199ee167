import type { ClipRepository } from '../store/clip-repository.js';
import type { CameraEventRepository } from '../store/camera-event-repository.js';
import { DeliveryRecords } from './delivery-records.js';
import { buildNotifiers, type NotifierContext } from './notifier-registry.js';
import { OutboxNotifications } from './outbox-notifications.js';

/** The durable outbox in front of every notifier this run has; null when there is none (alerts are then only recorded). */
export function buildNotifications(
  context: NotifierContext,
  repositories: {
    readonly clips: Pick<ClipRepository, 'update' | 'getLocal'>;
    readonly events: Pick<CameraEventRepository, 'update' | 'getLocal'>;
  },
): OutboxNotifications | null {
  const notifiers = buildNotifiers(context);
  if (notifiers.length === 0) return null;
  const { config, localDb, log } = context.services;
  return new OutboxNotifications({
    localDb,
    records: new DeliveryRecords(repositories.clips, repositories.events),
    notifiers,
    config: config.notify,
    log: log.child({ component: 'notify' }),
  });
}
