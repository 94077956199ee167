import type { Clip } from '../core/clip.js';
import type { ClipQuery } from '../core/clip-query.js';
import type { SignalBus } from '../core/signal-bus.js';
import { summariseLatency, type LatencySummary } from './latency-summary.js';
import type { Part } from '../core/lifecycle.js';

export interface ClipLister {
  listClips(query: ClipQuery): Promise<{ clips: Clip[]; nextCursor: string | null }>;
}

export interface RecentLatencyOptions {
  readonly clips: ClipLister;
  /** Heard to drop the cached summary when a clip finishes or a notification is delivered. */
  readonly bus?: SignalBus;
  /** At most this many of the newest clips are read (bounds the query at any clip rate); default 1000. */
  readonly maxClips?: number;
  /** A summary younger than this is reused while no clip finished (the dashboard polls); default 10 s. */
  readonly cacheMs?: number;
  readonly now?: () => Date;
}

const DAY_MS = 86_400_000;
const PAGE = 500;

/** Latency p50/p95 over the clips done in the last 24 h, from the clip store through keyset pages. */
export class RecentLatency implements Part {
  readonly name = 'latency';
  private cached: { at: number; summary: Promise<LatencySummary> } | null = null;

  constructor(private readonly options: RecentLatencyOptions) {}

  start(): void {
    this.options.bus?.on(this, 'clip.recorded', (_clip, event) => {
      if (event.type === 'clip_done' || event.type === 'notification_delivered') this.cached = null;
    });
  }

  stop(): void {
    this.options.bus?.off(this);
  }

  /** The last day's summary; `fresh` skips the cache (after a clip was just delivered). */
  summary(fresh = false): Promise<LatencySummary> {
    const now = this.now().getTime();
    if (!fresh && this.cached && now - this.cached.at < (this.options.cacheMs ?? 10_000)) return this.cached.summary;
    const summary = this.read(now);
    this.cached = { at: now, summary };
    // A failed read is not cached: the next caller tries again.
    summary.catch(() => {
      if (this.cached?.summary === summary) this.cached = null;
    });
    return summary;
  }

  private async read(now: number): Promise<LatencySummary> {
    const max = this.options.maxClips ?? 1000;
    const from = new Date(now - DAY_MS).toISOString();
    const clips: Clip[] = [];
    let cursor: string | undefined;
    let more = true;
    while (more && clips.length < max) {
      const page = await this.options.clips.listClips({
        status: 'done',
        from,
        limit: Math.min(PAGE, max - clips.length),
        ...(cursor ? { cursor } : {}),
      });
      clips.push(...page.clips);
      cursor = page.nextCursor ?? undefined;
      more = page.nextCursor !== null;
    }
    return summariseLatency(clips, more);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}
