import type { ClipStore, StoreWrite } from '../core/clip-store.js';
import type { CameraEvent } from '../core/camera-event.js';
import type { Clip } from '../core/clip.js';
import { StoreRejectedError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { StoreDeadLetters } from './store-dead-letters.js';
import { StoreWriteJournal, type JournalEntry } from './store-write-journal.js';

export interface RefusedWritesOptions {
  readonly store: Pick<ClipStore, 'apply'>;
  readonly journal: Pick<StoreWriteJournal, 'acknowledge'>;
  readonly deadLetters: StoreDeadLetters;
  /** Runs a function in one local transaction (a write set aside and its journal entry dropped together). */
  readonly transaction: <T>(fn: () => T) => T;
  readonly log: Logger;
}

/**
 * A batch the store refused: applies its writes one at a time, in order, so the writes before and after
 * a poison one still land, and sets each refused one aside (with the store's reason) instead of
 * retrying it forever. Returns how many were set aside. An error that is not a refusal (the store went
 * away meanwhile) is thrown: what was not applied yet stays in the journal.
 */
export async function applyOneByOne(entries: readonly JournalEntry[], options: RefusedWritesOptions): Promise<number> {
  const { store, journal, deadLetters, transaction, log } = options;
  let setAside = 0;
  for (const entry of entries) {
    let reason: string | null = entry.write ? null : `unreadable journal entry: ${entry.problem ?? 'unknown'}`;
    if (entry.write) {
      try {
        await store.apply([entry.write]);
      } catch (e) {
        if (!(e instanceof StoreRejectedError)) throw e;
        reason = e.message;
      }
    }
    if (reason === null) {
      journal.acknowledge(entry.seq);
      continue;
    }
    transaction(() => {
      deadLetters.add({ journalSeq: entry.seq, write: entry.write, raw: entry.raw, reason, at: new Date() });
      journal.acknowledge(entry.seq);
    });
    setAside++;
    log.error(
      { event_type: 'store.write_set_aside', seq: entry.seq, kind: entry.write?.kind ?? null, clip_id: clipIdOf(entry), reason },
      'the clip store refused a write for good; it is set aside (homesec dead-letters) and the rest keeps flowing',
    );
  }
  return setAside;
}

function clipIdOf(entry: JournalEntry): string | null {
  const write = entry.write;
  if (!write) return null;
  if (write.kind === 'clip') return write.clip.id;
  if (write.kind === 'event') return write.event.clipId;
  return 'clipId' in write ? write.clipId : null;
}

export interface DeadLetterRetry {
  readonly requeued: number;
  readonly superseded: number;
  readonly unreadable: number;
}

export interface RequeueOptions {
  readonly deadLetters: StoreDeadLetters;
  readonly journal: Pick<StoreWriteJournal, 'append'>;
  readonly transaction: <T>(fn: () => T) => T;
  /** True when a newer state of this clip is already held (so the set-aside one would turn it back). */
  readonly hasNewer: (clip: Clip) => Promise<boolean>;
  /** The same for a camera event (an older state would move it back: reopen it, drop its alerts). */
  readonly hasNewerEvent?: (event: CameraEvent) => Promise<boolean>;
}

/**
 * Puts set-aside writes (all, or `ids`) back at the end of the journal once their cause is fixed. A clip
 * or camera event state older than one already held is dropped as superseded, so a retry never turns
 * either back; an entry that no longer parses stays aside.
 */
export async function requeueDeadLetters(ids: readonly number[] | undefined, options: RequeueOptions): Promise<DeadLetterRetry> {
  const { deadLetters, journal, transaction, hasNewer, hasNewerEvent } = options;
  const writes: StoreWrite[] = [];
  const done: number[] = [];
  let superseded = 0;
  let unreadable = 0;
  for (const letter of deadLetters.list(ids)) {
    let write: StoreWrite;
    try {
      write = StoreWriteJournal.parse(letter.write);
    } catch {
      unreadable++;
      continue;
    }
    done.push(letter.id);
    if (write.kind === 'clip' && (await hasNewer(write.clip))) superseded++;
    else if (write.kind === 'cameraEvent' && hasNewerEvent && (await hasNewerEvent(write.event))) superseded++;
    else writes.push(write);
  }
  transaction(() => {
    deadLetters.delete(done);
    if (writes.length > 0) journal.append(writes);
  });
  return { requeued: writes.length, superseded, unreadable };
}
