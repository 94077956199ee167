import type { NotificationRecord } from '../core/clip.js';
import type { ClipRepository } from '../store/clip-repository.js';
import type { CameraEventRepository } from '../store/camera-event-repository.js';
import type { AlertMessage } from './alert-message.js';
import type { DeliveryRecorder } from './outbox-notifications.js';

/**
 * Writes a delivery's outcome on the event (per message and notifier) and, for the event's first
 * message (`new`), on the clip it reports on, with a lifecycle step for the final outcome: the clip's
 * alert latency is the time to that first alert.
 */
export class DeliveryRecords implements DeliveryRecorder {
  constructor(
    private readonly clips: Pick<ClipRepository, 'update' | 'getLocal'>,
    private readonly events: Pick<CameraEventRepository, 'update' | 'getLocal'>,
  ) {}

  record(
    message: AlertMessage,
    notifier: string,
    record: NotificationRecord,
    step: 'notification_delivered' | 'notification_failed' | null,
  ): void {
    if (this.events.getLocal(message.eventId)) {
      this.events.update(message.eventId, (e) => ({
        ...e,
        alerts: e.alerts.map((a) => (a.key === message.key ? { ...a, deliveries: { ...a.deliveries, [notifier]: record } } : a)),
      }));
    }
    const clipId = message.clipId;
    if (message.phase !== 'new' || clipId === null || !this.clips.getLocal(clipId)) return;
    const data = { notifier, message: message.key, attempts: record.attempts, error: record.error };
    this.clips.update(
      clipId,
      (c) => ({ ...c, notifications: { ...c.notifications, [notifier]: record } }),
      step ? { type: step, data } : undefined,
    );
  }
}
