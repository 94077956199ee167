import type { AlertMessage } from './alert-message.js';
import { err, ok, type Result } from '../core/result.js';
import { failure, type Failure } from '../core/failure.js';
import type { Notifier } from './notifier.js';

export const HA_ALERT_EVENT = 'homesec_alert';

/** What the HA event notifier needs from the Supervisor client (ha/supervisor-client.ts satisfies it). */
export interface HaEventSink {
  fireEvent(
    type: string,
    data: Readonly<Record<string, unknown>>,
    signal?: AbortSignal,
  ): Promise<Result<void, Error & { readonly status: number | null }>>;
}

/** Fires `homesec_alert` in Home Assistant (POST /core/api/events/homesec_alert through the Supervisor) with the alert payload. */
export class HaEventNotifier implements Notifier {
  readonly name = 'ha_event';

  constructor(private readonly options: { readonly events: HaEventSink }) {}

  async send({ payload }: AlertMessage, signal: AbortSignal): Promise<Result<void, Failure>> {
    const result = await this.options.events.fireEvent(HA_ALERT_EVENT, payload, signal);
    if (result.ok) return ok(undefined);
    const status = result.error.status;
    // 4xx other than 408/429 will not get better by retrying (bad token, bad event).
    const retryable = status === null || status >= 500 || status === 408 || status === 429;
    return err(failure(`Home Assistant event: ${result.error.message}`, retryable, result.error));
  }
}
