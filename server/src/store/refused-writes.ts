import type { ClipStore } from '../core/clip-store.js';
import { StoreRejectedError } from '../core/errors.js';
import type { Logger } from '../logging/logger.js';
import type { StoreDeadLetters } from './store-dead-letters.js';
import type { JournalEntry, StoreWriteJournal } from './store-write-journal.js';

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
