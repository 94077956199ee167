import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeQueueFailure, SerialQueue, type SerialQueueFailure } from '../../../server/src/runtime/serial-queue.js';
import { makeTempDir } from '../../support/temp-dir.js';

describe('serial queue', () => {
  const dirs: { remove: () => void }[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) dir.remove();
  });

  it('keeps writing after a write into a vanished folder failed', async () => {
    // Given a queue and a folder that vanishes before the first write
    const dir = makeTempDir();
    dirs.push(dir);
    const gone = join(dir.path, 'gone');
    const failures: SerialQueueFailure[] = [];
    const queue = new SerialQueue((f) => failures.push(f));
    // When one write fails and the next one goes to a folder that exists
    queue.push('write into gone', () => writeFile(join(gone, 'a.json'), 'a'));
    await rm(gone, { recursive: true, force: true });
    queue.push('write into dir', () => writeFile(join(dir.path, 'b.json'), 'b'));
    await queue.idle();
    // Then the second write happened
    expect(await readFile(join(dir.path, 'b.json'), 'utf8')).toBe('b');
    // And the failure was reported once, with what it was and the fs error
    expect(failures).toHaveLength(1);
    expect(failures[0]?.what).toBe('write into gone');
    expect((failures[0]?.error as NodeJS.ErrnoException).code).toBe('ENOENT');
    expect(queue.failures).toBe(1);
    // And a later success clears "failing" but keeps the count
    expect(queue.failing).toBe(false);
    expect(describeQueueFailure('journal', queue)).toMatch(/^journal: 1 failed \(latest: write into gone: ENOENT/);
  });

  it('runs jobs one at a time in the order they were queued', async () => {
    // Given jobs that take longer the earlier they were queued
    const queue = new SerialQueue(() => undefined);
    const order: string[] = [];
    let running = 0;
    let overlap = false;
    const job = (name: string, turns: number) => async () => {
      running++;
      if (running > 1) overlap = true;
      for (let i = 0; i < turns; i++) await Promise.resolve();
      order.push(name);
      running--;
    };
    // When three are queued at once
    queue.push('a', job('a', 30));
    queue.push('b', job('b', 10));
    queue.push('c', job('c', 0));
    expect(queue.pending).toBe(3);
    await queue.idle();
    // Then they ran in order, never two at once
    expect(order).toEqual(['a', 'b', 'c']);
    expect(overlap).toBe(false);
    expect(queue.pending).toBe(0);
  });

  it('survives a job that throws synchronously and a reporter that throws', async () => {
    // Given a queue whose failure reporter itself throws
    const queue = new SerialQueue(() => {
      throw new Error('logger broke');
    });
    const done: string[] = [];
    // When a job throws before returning a promise, and another follows
    queue.push('sync throw', () => {
      throw new Error('boom');
    });
    queue.push('next', () => {
      done.push('next');
    });
    // Then waiting for the queue does not reject, and the next job ran
    await expect(queue.idle()).resolves.toBeUndefined();
    expect(done).toEqual(['next']);
    expect(queue.failures).toBe(1);
  });

  it('waits for jobs that jobs queue, too', async () => {
    // Given a job that queues a follow-up while it runs
    const queue = new SerialQueue(() => undefined);
    const done: string[] = [];
    queue.push('first', () => {
      done.push('first');
      queue.push('follow-up', async () => {
        await Promise.resolve();
        done.push('follow-up');
      });
    });
    // When the queue is waited for
    await queue.idle();
    // Then the follow-up ran too
    expect(done).toEqual(['first', 'follow-up']);
  });

  it('says it is failing while the latest job failed', async () => {
    // Given a queue with no failure yet
    const queue = new SerialQueue(() => undefined);
    expect(describeQueueFailure('q', queue)).toBeNull();
    // When its latest job fails
    queue.push('disk write', () => Promise.reject(new Error('ENOSPC: no space left on device')));
    await queue.idle();
    // Then it is failing, with the count
    expect(queue.failing).toBe(true);
    expect(queue.lastFailure?.failures).toBe(1);
  });
});
