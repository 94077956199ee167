import type { SignalBus } from '../core/signal-bus.js';
import type { Logger } from '../core/logger.js';
import type { LatencySummary } from '../metrics/latency-summary.js';
import type { EntityStatePublisher } from './entity-state-publisher.js';
import { hubTopics } from './ha-topics.js';
import { inBackground } from '../runtime/background.js';

export interface LatencySource {
  /** The last day's summary; `fresh` skips any cache. */
  summary(fresh?: boolean): Promise<LatencySummary>;
}

export interface AlertLatencySensorOptions {
  readonly bus: SignalBus;
  readonly publisher: EntityStatePublisher;
  readonly source: LatencySource;
  readonly topicPrefix: string;
  readonly log: Logger;
  /** Deliveries within this time are folded into one refresh (default 5 s). */
  readonly debounceMs?: number;
  /** The 24 h window slides even without alerts: refresh this often (default 5 min). */
  readonly refreshMs?: number;
}

/**
 * The hub's "alert latency" sensor: p95 (state) and p50 (attribute) of clip end to first delivered
 * notification over the last day. Refreshed after deliveries (debounced, so a burst of alerts is
 * one store read) and on a slow timer. Listens to the bus only.
 */
export class AlertLatencySensor {
  private debounce: NodeJS.Timeout | null = null;
  private ticker: NodeJS.Timeout | null = null;

  constructor(private readonly options: AlertLatencySensorOptions) {}

  async start(): Promise<void> {
    this.options.bus.on(this, 'clip.recorded', (_clip, event) => {
      if (event.type === 'notification_delivered') this.refreshSoon();
    });
    this.ticker = setInterval(
      () => inBackground(this.publish(), this.options.log, 'alert latency sensor'),
      this.options.refreshMs ?? 300_000,
    );
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
      inBackground(this.publish(), this.options.log, 'alert latency sensor');
    }, this.options.debounceMs ?? 5000);
    this.debounce.unref();
  }

  private async publish(): Promise<void> {
    try {
      const summary = await this.options.source.summary(true);
      await this.options.publisher.json(hubTopics(this.options.topicPrefix).alertLatency, {
        p50_s: seconds(summary.p50Ms),
        p95_s: seconds(summary.p95Ms),
        alerts: summary.alerts,
        clips: summary.clips,
        window: summary.window,
      });
    } catch (e) {
      this.options.log.warn({ event_type: 'ha.latency_failed', err: e }, 'alert latency not read; trying again later');
    }
  }
}

function seconds(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms / 100) / 10;
}
