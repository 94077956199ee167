import { describe, expect, it } from 'vitest';
import type { Part } from '../../../server/src/core/lifecycle.js';
import { PartRunner, StartAbortedError } from '../../../server/src/runtime/part-runner.js';
import { HealthRegistry } from '../../../server/src/health/health-registry.js';
import { createLogger } from '../../../server/src/logging/logger.js';

const log = createLogger('silent');

/** A part that writes what happens to it into `journal`. */
function part(name: string, journal: string[], behaviour: { start?: () => Promise<void> | void; stop?: () => Promise<void> } = {}): Part {
  return {
    name,
    start: async () => {
      journal.push(`start ${name}`);
      await behaviour.start?.();
    },
    stop: async () => {
      journal.push(`stop ${name}`);
      await behaviour.stop?.();
    },
    health: () => ({ status: 'healthy', message: name }),
  };
}

describe('PartRunner', () => {
  it('starts parts in order, registers their health, and stops them in reverse once', async () => {
    // Given three parts
    const journal: string[] = [];
    const health = new HealthRegistry();
    const run = new PartRunner(health, log);
    const signal = new AbortController().signal;
    // When they start and the runner stops twice
    for (const name of ['a', 'b', 'c']) await run.start(part(name, journal), signal);
    await Promise.all([run.stopAll(), run.stopAll()]);
    // Then each started in order, stopped in reverse exactly once, and reported its health under its name
    expect(journal).toEqual(['start a', 'start b', 'start c', 'stop c', 'stop b', 'stop a']);
    expect(Object.keys(health.report().checks)).toEqual(['a', 'b', 'c']);
  });

  it('fails start-up on a required part but goes on without a best-effort one, reporting it unhealthy', async () => {
    // Given a best-effort part and a required part that both fail to start
    const journal: string[] = [];
    const health = new HealthRegistry();
    const run = new PartRunner(health, log);
    const signal = new AbortController().signal;
    const broken = (name: string): Part => ({ name, start: () => Promise.reject(new Error(`${name} down`)), stop: () => undefined });
    // When the best-effort one starts, Then start-up goes on and health says why
    await run.start(broken('broker'), signal, 'best_effort');
    expect(health.report().checks.broker).toMatchObject({ status: 'unhealthy', message: 'did not start: broker down' });
    await run.start(part('after', journal), signal);
    // When the required one starts, Then start-up stops with its error
    await expect(run.start(broken('media'), signal)).rejects.toThrow('media down');
    await run.stopAll();
    expect(journal).toEqual(['start after', 'stop after']);
  });

  it('refuses to start anything once start-up is aborted, and stops what had started', async () => {
    // Given a start-up that is aborted after the first part
    const journal: string[] = [];
    const run = new PartRunner(new HealthRegistry(), log);
    const abort = new AbortController();
    await run.start(part('first', journal), abort.signal);
    abort.abort();
    // When the next part would start, Then it is refused
    await expect(run.start(part('second', journal), abort.signal)).rejects.toBeInstanceOf(StartAbortedError);
    await run.stopAll();
    expect(journal).toEqual(['start first', 'stop first']);
  });

  it('gives up on a part that does not stop within the time limit and stops the others', async () => {
    // Given a part whose stop never finishes and a 50 ms limit
    const journal: string[] = [];
    const run = new PartRunner(new HealthRegistry(), log, 50);
    const signal = new AbortController().signal;
    await run.start(part('a', journal), signal);
    await run.start(part('stuck', journal, { stop: () => new Promise<void>(() => undefined) }), signal);
    // When the runner stops, Then it moves on past the stuck part
    await run.stopAll();
    expect(journal).toEqual(['start a', 'start stuck', 'stop stuck', 'stop a']);
  });
});
