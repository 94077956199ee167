import type { Logger } from '../core/logger.js';

/**
 * Runs work nobody waits for (a timer's pass, a reconnect, a publish from a bus handler). A rejection
 * is logged once with what the work was; it never reaches Node's unhandled-rejection path, which would
 * end the process (and with it recording).
 */
export function inBackground(work: Promise<unknown>, log: Logger, what: string): void {
  work.catch((e: unknown) => log.error({ event_type: 'app.background_failed', what, err: e }, `${what} failed`));
}
