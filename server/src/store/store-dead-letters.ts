import type Database from 'better-sqlite3';
import type { StoreWrite } from '../core/clip-store.js';
import type { LocalDb } from './local-db.js';
import type { LocalTable } from './local-table.js';

/** One write the clip store refused for good, set aside with why. */
export interface DeadLetter {
  readonly id: number;
  /** Its place in the journal when it was refused (writes before it had landed). */
  readonly journalSeq: number;
  /** `clip`, `event`, ... or null when the entry no longer parsed. */
  readonly kind: string | null;
  readonly clipId: string | null;
  readonly reason: string;
  readonly at: string;
  /** The journal entry as it was (JSON). */
  readonly write: string;
}

/** The `store_dead_letters` table of the local database. */
export const STORE_DEAD_LETTERS_TABLE: LocalTable = {
  name: 'store_dead_letters',
  steps: [
    `
      CREATE TABLE store_dead_letters (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        journal_seq INTEGER NOT NULL,
        kind TEXT,
        clip_id TEXT,
        reason TEXT NOT NULL,
        at INTEGER NOT NULL,
        write TEXT NOT NULL
      )
    `,
  ],
};

const COLUMNS = 'id, journal_seq AS journalSeq, kind, clip_id AS clipId, reason, at, write';

/**
 * Writes the clip store refused for good (not an outage: a constraint, bad data, a missing grant), set
 * aside so the journal keeps flowing behind them. They wait here until someone retries them
 * (`homesec dead-letters retry`, `POST /api/dead-letters/retry`) once the cause is fixed.
 */
export class StoreDeadLetters {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly selectAll: Database.Statement;
  private readonly selectOne: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly count: Database.Statement;

  constructor(local: LocalDb) {
    const db = local.use(STORE_DEAD_LETTERS_TABLE);
    this.db = db;
    this.insert = db.prepare(
      'INSERT INTO store_dead_letters (journal_seq, kind, clip_id, reason, at, write) VALUES (@journalSeq, @kind, @clipId, @reason, @at, @write)',
    );
    this.selectAll = db.prepare(`SELECT ${COLUMNS} FROM store_dead_letters ORDER BY id LIMIT ?`);
    this.selectOne = db.prepare(`SELECT ${COLUMNS} FROM store_dead_letters WHERE id = ?`);
    this.remove = db.prepare('DELETE FROM store_dead_letters WHERE id = ?');
    this.count = db.prepare('SELECT COUNT(*) FROM store_dead_letters').pluck();
  }

  add(entry: { journalSeq: number; write: StoreWrite | null; raw: string; reason: string; at: Date }): void {
    this.insert.run({
      journalSeq: entry.journalSeq,
      kind: entry.write?.kind ?? null,
      clipId: clipIdOf(entry.write),
      reason: entry.reason,
      at: entry.at.getTime(),
      write: entry.raw,
    });
  }

  /** Oldest first; `ids` picks some (unknown ids are left out). */
  list(ids?: readonly number[], limit = 1000): DeadLetter[] {
    const rows = ids
      ? ids.map((id) => this.selectOne.get(id) as RawRow | undefined).filter((r): r is RawRow => r !== undefined)
      : (this.selectAll.all(limit) as RawRow[]);
    return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
  }

  delete(ids: readonly number[]): void {
    this.db.transaction(() => ids.forEach((id) => this.remove.run(id)))();
  }

  size(): number {
    return this.count.get() as number;
  }
}

type RawRow = Omit<DeadLetter, 'at'> & { at: number };

function clipIdOf(write: StoreWrite | null): string | null {
  if (!write) return null;
  switch (write.kind) {
    case 'clip':
      return write.clip.id;
    case 'event':
      return write.event.clipId;
    case 'deleteClip':
    case 'markDeleted':
      return write.clipId;
    default:
      return null;
  }
}
