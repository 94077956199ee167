import type { HealthRegistry } from '../health/health-registry.js';
import type { Logger } from '../core/logger.js';
import type { Part } from '../core/lifecycle.js';

/** What a part's failed start means for the rest of the app. */
export type Criticality =
  /** P0 (local database, media folder, queue): start-up stops with one clear message. */
  | 'required'
  /** Everything else (broker, VLM, cloud, a camera): logged, reported unhealthy, recording goes on. */
  | 'best_effort';

export class StartAbortedError extends Error {
  constructor() {
    super('start-up aborted');
  }
}

/**
 * Starts parts one by one in the order the root gives, remembers them, registers their health, and
 * stops them in reverse order, each within a time limit, exactly once.
 */
export class PartRunner {
  private readonly started: Part[] = [];
  private stopping: Promise<void> | null = null;

  constructor(
    private readonly health: HealthRegistry,
    private readonly log: Logger,
    private readonly stopTimeoutMs = 15_000,
  ) {}

  /** Starts `part` (or only remembers it when it has no start) and returns it, for `const x = await run.start(new X())`. */
  async start<T extends Part>(part: T, signal: AbortSignal, criticality: Criticality = 'required'): Promise<T> {
    if (signal.aborted || this.stopping) throw new StartAbortedError();
    this.started.push(part);
    const health = part.health?.bind(part);
    if (health) this.health.register(part.name, health);
    try {
      await part.start?.(signal);
    } catch (e) {
      if (signal.aborted) throw new StartAbortedError();
      if (criticality === 'required') throw e;
      this.log.error({ event_type: 'app.part_start_failed', part: part.name, err: e }, `${part.name} did not start; going on without it`);
      if (!health) this.health.register(part.name, () => ({ status: 'unhealthy', message: `did not start: ${(e as Error).message}` }));
    }
    return part;
  }

  /**
   * Starts `part` without waiting for it: for a part whose start may take long (a model download) and
   * that nothing later in the start order waits for. A failure is logged and reported by health.
   */
  startInBackground<T extends Part>(part: T, signal: AbortSignal): T {
    void this.start(part, signal, 'best_effort').catch(() => undefined);
    return part;
  }

  /** Stops every started part in reverse order; safe to call twice and during a start. */
  stopAll(): Promise<void> {
    this.stopping ??= this.stopInReverse();
    return this.stopping;
  }

  private async stopInReverse(): Promise<void> {
    for (const part of this.started.splice(0).reverse()) {
      const outcome = await withTimeout(
        Promise.resolve().then(() => part.stop()),
        this.stopTimeoutMs,
      ).catch((e: unknown) => {
        this.log.error({ event_type: 'app.stop_failed', part: part.name, err: e }, `stopping ${part.name} failed`);
        return null;
      });
      if (outcome === 'timeout') this.log.warn({ event_type: 'app.stop_timeout', part: part.name }, `stopping ${part.name} timed out`);
    }
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
