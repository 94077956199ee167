import type { Part } from './lifecycle.js';

/**
 * The outbox an event's alert messages go through: it durably queues one delivery per notifier (at
 * most once per message and notifier) and delivers them in the background, retried, recording each
 * outcome. Implemented in notify/; the message type lives there too (it is the notifiers' input).
 */
export interface NotificationOutbox<M> extends Part {
  /** Queues deliveries for every notifier; returns their names. Synchronous and local (P0-safe). */
  enqueue(message: M): string[];
}
