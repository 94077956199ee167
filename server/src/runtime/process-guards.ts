import type { Logger } from '../core/logger.js';

/**
 * Last-resort handlers for the service process. A promise that rejects with nobody listening is a
 * bug, but it leaves every part as it was: it is logged once with its cause and HomeSec keeps
 * recording (Node's default would end the process, and in the add-on the container with it). An
 * exception that escaped to the event loop may have left a part half-changed: the state is unknown,
 * so it is logged as fatal and the process exits for its supervisor (s6, systemd) to restart it;
 * the local queue and journal resume every clip.
 */
export function installProcessGuards(log: Logger, exit: (code: number) => void = (code) => process.exit(code)): () => void {
  const onRejection = (reason: unknown) => {
    log.error(
      { event_type: 'app.unhandled_rejection', err: reason },
      `unhandled promise rejection (logged, HomeSec keeps running): ${describe(reason)}`,
    );
  };
  const onException = (error: Error, origin: string) => {
    log.fatal(
      { event_type: 'app.uncaught_exception', err: error, origin },
      `uncaught exception, state unknown; exiting for a clean restart: ${describe(error)}`,
    );
    exit(1);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}

function describe(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
