import type { LocalDb } from './local-db.js';
import type { LocalTable } from './local-table.js';
import type Database from 'better-sqlite3';
import type { StoreWrite } from '../core/clip-store.js';
import { CameraEventSchema } from '../core/camera-event.js';
import { ClipEventSchema } from '../core/clip-event.js';
import { ClipSchema } from '../core/clip.js';
import { z } from 'zod';

const StoreWriteSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('clip'), clip: ClipSchema }),
  z.object({ kind: z.literal('event'), event: ClipEventSchema }),
  z.object({ kind: z.literal('cameraEvent'), event: CameraEventSchema }),
  z.object({ kind: z.literal('deleteClip'), clipId: z.string() }),
  z.object({ kind: z.literal('markDeleted'), clipId: z.string(), at: z.string() }),
  z.object({ kind: z.literal('pruneEvents'), before: z.iso.datetime({ offset: true }) }),
]);

export interface JournalEntry {
  readonly seq: number;
  /** Null when the stored entry no longer parses (written by a different version); `problem` says why. */
  readonly write: StoreWrite | null;
  readonly problem?: string;
  /** The entry as stored (JSON), for setting it aside unchanged. */
  readonly raw: string;
}

/** The `store_journal` table of the local database. */
export const STORE_JOURNAL_TABLE: LocalTable = {
  name: 'store_journal',
  steps: [
    `
      CREATE TABLE store_journal (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        write TEXT NOT NULL
      )
    `,
  ],
};

/**
 * Every store write lands here first (a synchronous local append), then is flushed to the clip
 * store in order. While the store is down the entries wait; nothing is lost across restarts.
 */
export class StoreWriteJournal {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly selectPending: Database.Statement;
  private readonly deleteUpTo: Database.Statement;
  private readonly count: Database.Statement;

  constructor(local: LocalDb) {
    const db = local.use(STORE_JOURNAL_TABLE);
    this.db = db;
    this.insert = db.prepare('INSERT INTO store_journal (write) VALUES (?)');
    this.selectPending = db.prepare('SELECT seq, write FROM store_journal ORDER BY seq LIMIT ?');
    this.deleteUpTo = db.prepare('DELETE FROM store_journal WHERE seq <= ?');
    this.count = db.prepare('SELECT COUNT(*) AS n FROM store_journal');
  }

  /** Appends writes atomically: a clip's state and its event are journaled together or not at all. */
  append(writes: readonly StoreWrite[]): void {
    this.appendAll(writes);
  }

  private readonly appendAll = (writes: readonly StoreWrite[]): void => {
    this.db.transaction(() => {
      for (const write of writes) this.insert.run(JSON.stringify(write));
    })();
  };

  /** The oldest pending writes, in order. An entry that no longer parses is reported by the caller. */
  pending(limit: number): JournalEntry[] {
    const rows = this.selectPending.all(limit) as { seq: number; write: string }[];
    return rows.map((row) => {
      try {
        return { seq: row.seq, write: StoreWriteSchema.parse(JSON.parse(row.write)), raw: row.write };
      } catch (e) {
        return { seq: row.seq, write: null, problem: (e as Error).message, raw: row.write };
      }
    });
  }

  /** Forgets every entry up to and including `seq`: they are in the store now. */
  acknowledge(seq: number): void {
    this.deleteUpTo.run(seq);
  }

  /** Parses one stored entry (a set-aside write being retried); throws when it no longer parses. */
  static parse(raw: string): StoreWrite {
    return StoreWriteSchema.parse(JSON.parse(raw));
  }

  size(): number {
    return (this.count.get() as { n: number }).n;
  }
}
