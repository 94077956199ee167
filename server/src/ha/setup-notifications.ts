import type { HealthCheck } from '../core/bus-signals.js';
import type { Part } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import { inBackground } from '../runtime/background.js';
import type { SupervisorClient } from './supervisor-client.js';

export interface SetupNotificationsOptions {
  readonly supervisor: Pick<SupervisorClient, 'callService'>;
  /** The health report's checks (the same ones the hub's Problem sensor shows). */
  readonly checks: () => Readonly<Record<string, HealthCheck>>;
  readonly log: Logger;
  /** How often the checks are looked at (default 30 s). */
  readonly intervalMs?: number;
  /** How long a check must stay bad before it is raised (default 60 s: a broker restart is not a problem). */
  readonly graceMs?: number;
  readonly now?: () => number;
}

/** Home Assistant's notification id for a check: stable, so a cause is raised once and dismissed by the same id. */
export function notificationId(check: string): string {
  return `homesec_${check.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`;
}

/**
 * Setup problems (no broker, a model that fails to load, the store or media folder unusable, ...) as
 * Home Assistant persistent notifications through the Core API (the Supervisor's proxy): one per
 * cause, raised once it has lasted `graceMs`, dismissed when the check is healthy again.
 */
export class SetupNotifications implements Part {
  readonly name = 'ha setup notifications';
  private readonly badSince = new Map<string, number>();
  /** Checks raised in Home Assistant, with the message shown. */
  private readonly raised = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private busy = false;

  constructor(private readonly options: SetupNotificationsOptions) {}

  start(): void {
    const tick = () => {
      if (!this.busy) inBackground(this.evaluate(), this.options.log, 'setup notifications');
    };
    this.timer = setInterval(tick, this.options.intervalMs ?? 30_000);
    this.timer.unref();
    tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async evaluate(): Promise<void> {
    this.busy = true;
    try {
      const now = this.options.now?.() ?? Date.now();
      const checks = this.options.checks();
      for (const [name, check] of Object.entries(checks)) {
        if (check.status === 'healthy') {
          this.badSince.delete(name);
          if (this.raised.has(name)) await this.dismiss(name);
          continue;
        }
        const since = this.badSince.get(name) ?? now;
        this.badSince.set(name, since);
        if (!this.raised.has(name) && now - since >= (this.options.graceMs ?? 60_000)) await this.raise(name, check);
      }
      for (const name of [...this.raised.keys()]) if (!(name in checks)) await this.dismiss(name);
    } finally {
      this.busy = false;
    }
  }

  private async raise(name: string, check: HealthCheck): Promise<void> {
    const sent = await this.options.supervisor.callService('persistent_notification', 'create', {
      notification_id: notificationId(name),
      title: `HomeSec: ${name} is ${check.status}`,
      message: `${check.message}\n\nSee the HomeSec add-on's log and its documentation. This note goes away by itself once it is fixed.`,
    });
    if (sent.ok) this.raised.set(name, check.message);
    else this.options.log.warn({ event_type: 'ha.notification_failed', check: name, err: sent.error }, 'could not raise a notification');
  }

  private async dismiss(name: string): Promise<void> {
    const sent = await this.options.supervisor.callService('persistent_notification', 'dismiss', { notification_id: notificationId(name) });
    if (sent.ok) this.raised.delete(name);
  }
}
