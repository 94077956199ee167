import { inBackground } from '../runtime/background.js';
import type { SignalBus } from '../core/signal-bus.js';
import type { Logger } from '../core/logger.js';
import type { EntityStatePublisher } from './entity-state-publisher.js';
import { hubTopics } from './ha-topics.js';

/** Counts events; `count({ alerted: true, reviewed: false })` is what the sensor shows. */
export interface UnreviewedAlertsSource {
  count(query: { readonly alerted: boolean; readonly reviewed: boolean }): Promise<number>;
}

export interface UnreviewedAlertsSensorOptions {
  readonly bus: SignalBus;
  readonly publisher: EntityStatePublisher;
  readonly source: UnreviewedAlertsSource;
  readonly topicPrefix: string;
  readonly log: Logger;
  /** Event changes within this time are folded into one count (default 1 s: a "mark all" is one read). */
  readonly debounceMs?: number;
  /** Counted again this often even without changes heard (default 5 min). */
  readonly refreshMs?: number;
}

/**
 * The hub's "unreviewed alerts" sensor: alerted events nobody has reviewed in the dashboard. Counted from
 * the store after event changes (an alert sent, an event reviewed), debounced, and on a slow timer.
 * Listens to the bus only; the value is published only when it changed.
 */
export class UnreviewedAlertsSensor {
  private debounce: NodeJS.Timeout | null = null;
  private ticker: NodeJS.Timeout | null = null;
  private last: number | null = null;

  constructor(private readonly options: UnreviewedAlertsSensorOptions) {}

  async start(): Promise<void> {
    this.options.bus.on(this, 'event.updated', () => this.refreshSoon());
    this.ticker = setInterval(() => this.refreshSoon(), this.options.refreshMs ?? 300_000);
    this.ticker.unref();
    await this.publish();
  }

  stop(): void {
    this.options.bus.off(this);
    if (this.debounce) clearTimeout(this.debounce);
    if (this.ticker) clearInterval(this.ticker);
    this.debounce = null;
    this.ticker = null;
  }

  private refreshSoon(): void {
    if (this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = null;
      inBackground(this.publish(), this.options.log, 'unreviewed alerts sensor');
    }, this.options.debounceMs ?? 1000);
    this.debounce.unref();
  }

  private async publish(): Promise<void> {
    try {
      const count = await this.options.source.count({ alerted: true, reviewed: false });
      if (count === this.last) return;
      this.last = count;
      await this.options.publisher.state(hubTopics(this.options.topicPrefix).unreviewedAlerts, String(count));
    } catch (e) {
      this.options.log.warn({ event_type: 'ha.unreviewed_failed', err: e }, 'unreviewed alerts not counted; trying again later');
    }
  }
}
