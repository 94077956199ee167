import type { Clip } from './clip.js';
import type { Part } from './lifecycle.js';

/**
 * The notify stage hands an alerting clip to the outbox, which durably queues one delivery per
 * notifier (at most once per clip and notifier) and delivers them in the background, retried,
 * recording each outcome on the clip. Implemented in notify/.
 */
export interface NotificationOutbox extends Part {
  start(signal: AbortSignal): Promise<void>;
  stop(): Promise<void>;
  /** Queues deliveries for every enabled notifier; returns their names. Synchronous and local (P0-safe). */
  enqueue(clip: Clip): string[];
}
