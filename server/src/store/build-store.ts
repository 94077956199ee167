import type { ClipStore } from '../core/clip-store.js';
import type { Part } from '../core/lifecycle.js';
import type { LogStore } from '../core/log-store.js';
import type { Services } from '../runtime/services.js';
import type { DbLogSink } from '../logging/db-log-sink.js';
import { ClipRepository } from './clip-repository.js';
import { CameraEventRepository } from './camera-event-repository.js';
import { createClipStore } from './create-clip-store.js';
import { createLogStore } from './create-log-store.js';
import { LocalClipStates } from './local-clip-states.js';
import { StoreWriteJournal } from './store-write-journal.js';
import { StoreDeadLetters } from './store-dead-letters.js';

export interface StoreParts {
  /** The only writer of clip state, in front of the clip store (SQLite or Postgres) with a local journal. */
  readonly repository: ClipRepository;
  /** The only writer of camera events, through the same journal and store. */
  readonly cameraEvents: CameraEventRepository;
  /** Log records in the clip store's database (null with `logs.enabled: false`). */
  readonly logs: LogStore | null;
  /** To start in this order: the repository, then the log store and the logger's sink on it. */
  readonly parts: readonly Part[];
}

/**
 * The clip store behind the repository and its local journal (a store that is down only makes health
 * `degraded`), and the log store beside it, fed by the logger's database sink.
 */
export function buildStore(services: Services, overrides: { readonly store?: ClipStore; readonly logSink?: DbLogSink }): StoreParts {
  const { config, log, bus, localDb } = services;
  const store = overrides.store ?? createClipStore(config, log.child({ component: 'store' }));
  const repository = new ClipRepository({
    store,
    journal: new StoreWriteJournal(localDb),
    states: new LocalClipStates(localDb),
    deadLetters: new StoreDeadLetters(localDb),
    transaction: (fn) => localDb.transaction(fn),
    bus,
    log: log.child({ component: 'repository' }),
    localEvent: (eventId) => cameraEvents.getLocal(eventId),
  });
  const cameraEvents: CameraEventRepository = new CameraEventRepository({ store, clips: repository, localDb, bus });
  if (!config.logs.enabled) return { repository, cameraEvents, logs: null, parts: [repository] };
  const logsLog = log.child({ component: 'logs' });
  const logs = createLogStore(config, logsLog);
  // A log database that is down only fills the sink's buffer: its start never fails the app (the sink tries again).
  const startLogs = () =>
    logs.start().catch((e: unknown) => logsLog.warn({ event_type: 'logs.store_start_failed', err: e }, 'log database not reachable yet'));
  const logStore: Part = { name: 'log store', start: startLogs, stop: () => logs.stop() };
  const sink = overrides.logSink;
  const sinkPart: Part | null = sink
    ? {
        name: 'logs',
        start: () => sink.attach(logs, logsLog),
        stop: () => sink.detach(),
        health: () => sink.health(),
      }
    : null;
  return { repository, cameraEvents, logs, parts: sinkPart ? [repository, logStore, sinkPart] : [repository, logStore] };
}
