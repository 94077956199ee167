// A process with HomeSec's process guards: `reject` leaves a rejected promise unhandled and then shows it is
// still alive; `throw` lets an exception reach the event loop. The test reads stdout (JSON log lines).
import { installProcessGuards } from '../../server/src/runtime/process-guards.js';
import { createLogger } from '../../server/src/logging/logger.js';

const log = createLogger('info');
installProcessGuards(log);
const mode = process.argv[2];
if (mode === 'reject') {
  // eslint-disable-next-line @typescript-eslint/no-floating-promises -- the point: a rejection nobody handles
  void Promise.reject(new Error('a background task failed', { cause: new Error('disk I/O error') }));
  setTimeout(() => {
    log.info({ event_type: 'child.alive' }, 'still running');
    process.exit(0);
  }, 50);
} else if (mode === 'throw') {
  setTimeout(() => {
    throw new Error('a listener threw');
  }, 0);
  setTimeout(() => log.info({ event_type: 'child.alive' }, 'still running'), 1000);
} else {
  throw new Error('usage: process-guards-child.ts reject|throw');
}
