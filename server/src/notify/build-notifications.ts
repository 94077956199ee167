import type { ClipRepository } from '../store/clip-repository.js';
import { buildNotifiers, type NotifierContext } from './notifier-registry.js';
import { OutboxNotifications } from './outbox-notifications.js';

/** The durable outbox in front of every notifier this run has; null when there is none (the notify stage then says so). */
export function buildNotifications(context: NotifierContext, repository: Pick<ClipRepository, 'update'>): OutboxNotifications | null {
  const notifiers = buildNotifiers(context);
  if (notifiers.length === 0) return null;
  const { config, localDb, log } = context.services;
  return new OutboxNotifications({ localDb, repository, notifiers, config: config.notify, log: log.child({ component: 'notify' }) });
}
