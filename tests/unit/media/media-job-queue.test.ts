import { describe, expect, it } from 'vitest';
import { MediaJobQueue, MediaJobsStoppedError } from '../../../server/src/media/media-job-queue.js';

/** A job that waits for its release and records when it ran and how many ran at once. */
function gate(log: string[], running: { now: number; peak: number }, name: string) {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const job = async () => {
    running.now += 1;
    running.peak = Math.max(running.peak, running.now);
    log.push(name);
    await released;
    running.now -= 1;
    return name;
  };
  return { job, release: () => release() };
}

describe('MediaJobQueue', () => {
  it('runs one job at a time; a waited-for job overtakes the ones made ahead; a key runs once', async () => {
    // Given a running job and two made ahead of time queued behind it
    const queue = new MediaJobQueue();
    const log: string[] = [];
    const running = { now: 0, peak: 0 };
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => gate(log, running, name));
    const first = queue.run('a', 'later', a!.job);
    const ahead1 = queue.run('b', 'later', b!.job);
    const ahead2 = queue.run('c', 'later', c!.job);
    // When someone waits for d, and asks for c again now
    const waited = queue.run('d', 'now', d!.job);
    const cAgain = queue.run('c', 'now', c!.job);
    expect(queue.size()).toBe(4);
    for (const g of [a, d, c, b]) g!.release();
    // Then each ran once, never two at a time, the waited-for ones first after the running one
    expect(await Promise.all([first, ahead1, ahead2, waited, cAgain])).toStrictEqual(['a', 'b', 'c', 'd', 'c']);
    expect(log).toStrictEqual(['a', 'd', 'c', 'b']);
    expect(running.peak).toBe(1);
  });

  it('stop aborts the running job and refuses the waiting and the new ones', async () => {
    const queue = new MediaJobQueue();
    let aborted = false;
    const runningJob = queue.run(
      'x',
      'now',
      (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => ((aborted = true), reject(new Error('aborted'))))),
    );
    const waiting = queue.run('y', 'later', async () => 'y');
    queue.stop();
    await expect(runningJob).rejects.toThrow('aborted');
    await expect(waiting).rejects.toBeInstanceOf(MediaJobsStoppedError);
    await expect(queue.run('z', 'now', async () => 'z')).rejects.toBeInstanceOf(MediaJobsStoppedError);
    expect(aborted).toBe(true);
  });
});
