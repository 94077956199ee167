import type { Failure } from '../core/failure.js';
import type { Result } from '../core/result.js';
import type { AlertMessage } from './alert-message.js';

/**
 * One way of telling the user. A failed delivery with `retryable` false ends at once (a refused
 * address, a bad key).
 */
/** One way of telling the user (MQTT feed, email, HA event). The outbox calls it once per message when it works, again after a crash cut a send off. */
export interface Notifier {
  /** Stable name: the key in `clip.notifications` and in the outbox. */
  readonly name: string;
  send(message: AlertMessage, signal: AbortSignal): Promise<Result<void, Failure>>;
  /** False while a delivery cannot work (broker down): the outbox waits without spending attempts. */
  isReady?(): boolean;
  /** Called when the notifier becomes ready again, so waiting deliveries go out at once. */
  onReady?(wake: () => void): void;
  /** Releases what it holds (an SMTP connection pool) when HomeSec stops. */
  close?(): void;
}
