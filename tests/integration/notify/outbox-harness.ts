import { parseConfigSection } from '../../../server/src/config/schema.js';
import { join } from 'node:path';
import { NotifyConfigSchema } from '../../../server/src/config/sections/notify-config.js';
import type { ClipEvent } from '../../../server/src/core/clip-event.js';
import type { Clip } from '../../../server/src/core/clip.js';
import { SignalBus } from '../../../server/src/core/signal-bus.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import type { Notifier } from '../../../server/src/notify/notifier.js';
import { DeliveryRecords } from '../../../server/src/notify/delivery-records.js';
import { OutboxNotifications } from '../../../server/src/notify/outbox-notifications.js';
import { CameraEventRepository } from '../../../server/src/store/camera-event-repository.js';
import { ClipRepository } from '../../../server/src/store/clip-repository.js';
import { LocalClipStates } from '../../../server/src/store/local-clip-states.js';
import { LocalDb } from '../../../server/src/store/local-db.js';
import { SqliteClipStore } from '../../../server/src/store/sqlite-clip-store.js';
import { StoreWriteJournal } from '../../../server/src/store/store-write-journal.js';
import { makeTempDir } from '../../support/temp-dir.js';

export const log = createLogger('silent');

/** Real local SQLite, a real repository over a SQLite clip store, and the lifecycle events it records. */
export interface OutboxWorld {
  readonly dir: string;
  readonly db: LocalDb;
  readonly repository: ClipRepository;
  readonly events: ClipEvent[];
  outbox(notifiers: readonly Notifier[], notify?: Record<string, unknown>): OutboxNotifications;
  /** Stores a clip as the pipeline would before the notify stage. */
  addClip(clip: Clip): void;
  /** Resolves once `clipId` has a lifecycle event of `type` for `notifier`. */
  waitForEvent(clipId: string, type: ClipEvent['type'], notifier: string, timeoutMs?: number): Promise<ClipEvent>;
  close(): Promise<void>;
}

export async function outboxWorld(existingDir?: string): Promise<OutboxWorld> {
  const temp = existingDir ? null : makeTempDir('homesec-outbox-');
  const dir = existingDir ?? temp?.path ?? '';
  const db = LocalDb.open(dir);
  const bus = new SignalBus(log);
  const store = new SqliteClipStore(join(dir, 'clips.db'));
  const repository = new ClipRepository({
    store,
    journal: new StoreWriteJournal(db),
    states: new LocalClipStates(db),
    transaction: (fn) => db.transaction(fn),
    bus,
    log,
  });
  await repository.start();
  const events: ClipEvent[] = [];
  const listeners: (() => void)[] = [];
  bus.on({}, 'clip.recorded', (_clip, event) => {
    events.push(event);
    for (const l of [...listeners]) l();
  });
  const outboxes: OutboxNotifications[] = [];
  return {
    dir,
    db,
    repository,
    events,
    outbox: (notifiers, notify = {}) => {
      const config = parseConfigSection(NotifyConfigSchema, { retry_initial_s: 0.05, retry_max_s: 0.2, max_attempts: 3, ...notify });
      const records = new DeliveryRecords(repository, new CameraEventRepository({ store, clips: repository, localDb: db, bus }));
      const outbox = new OutboxNotifications({ localDb: db, records, notifiers, config, log });
      outboxes.push(outbox);
      return outbox;
    },
    addClip: (clip) => void repository.create(clip, { type: 'clip_stored' }),
    waitForEvent: (clipId, type, notifier, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const find = () => events.find((e) => e.clipId === clipId && e.type === type && e.data.notifier === notifier);
        const check = () => {
          const found = find();
          if (!found) return;
          clearTimeout(timer);
          listeners.splice(listeners.indexOf(check), 1);
          resolve(found);
        };
        const timer = setTimeout(() => {
          listeners.splice(listeners.indexOf(check), 1);
          reject(
            new Error(`no ${type} for ${clipId}/${notifier}; events: ${JSON.stringify(events.map((e) => [e.clipId, e.type, e.data]))}`),
          );
        }, timeoutMs);
        listeners.push(check);
        check();
      }),
    close: async () => {
      for (const o of outboxes) await o.stop();
      await repository.stop();
      db.stop();
      temp?.remove();
    },
  };
}
