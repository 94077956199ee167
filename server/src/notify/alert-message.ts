import type { AlertPhase } from '../core/camera-event.js';
import type { AlertPayload } from './alert-payload.js';

/** One message of an event, as queued in the outbox: built once, delivered by each notifier at least once. */
export interface AlertMessage {
  readonly eventId: string;
  /** `new`, `update-1`, `update-2`, `end`: with the event id, the outbox's unique key per notifier. */
  readonly key: string;
  readonly phase: AlertPhase;
  readonly payload: AlertPayload;
  /** The picture to attach (relative to the media folder). */
  readonly snapshotPath: string | null;
  /** The vision model's observations, for the email body (not part of the payload). */
  readonly observations: readonly string[];
  /** The event's clip the message reports on, when there is one (its delivery records go on it too). */
  readonly clipId: string | null;
}
