import type Database from 'better-sqlite3';
import type { LocalDb } from '../store/local-db.js';
import type { LocalTable } from '../store/local-table.js';

/** The `pending_offsite_deletions` table of the local database. */
export const PENDING_OFFSITE_DELETIONS_TABLE: LocalTable = {
  name: 'pending_offsite_deletions',
  steps: [
    `
      CREATE TABLE pending_offsite_deletions (
        media_path TEXT PRIMARY KEY,
        clip_id TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        since INTEGER NOT NULL
      )
    `,
  ],
};

export interface PendingOffsiteDeletion {
  readonly mediaPath: string;
  readonly clipId: string;
  readonly attempts: number;
}

/**
 * Off-site copies of clips whose local files retention already deleted, but whose copy could not be
 * removed then (the backend down): retention tries them again at each pass, so no copy is orphaned.
 */
export class PendingOffsiteDeletions {
  private readonly upsert: Database.Statement;
  private readonly selectDue: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly count: Database.Statement;

  constructor(local: LocalDb) {
    const db = local.use(PENDING_OFFSITE_DELETIONS_TABLE);
    this.upsert = db.prepare(
      `INSERT INTO pending_offsite_deletions (media_path, clip_id, attempts, last_error, since) VALUES (?, ?, 1, ?, ?)
       ON CONFLICT (media_path) DO UPDATE SET attempts = attempts + 1, last_error = excluded.last_error`,
    );
    this.selectDue = db.prepare(
      'SELECT media_path AS mediaPath, clip_id AS clipId, attempts FROM pending_offsite_deletions ORDER BY since LIMIT ?',
    );
    this.remove = db.prepare('DELETE FROM pending_offsite_deletions WHERE media_path = ?');
    this.count = db.prepare('SELECT COUNT(*) FROM pending_offsite_deletions').pluck();
  }

  /** Remembers a failed removal (or counts one more failed attempt). */
  failed(mediaPath: string, clipId: string, error: string): void {
    this.upsert.run(mediaPath, clipId, error, Date.now());
  }

  due(limit = 100): PendingOffsiteDeletion[] {
    return this.selectDue.all(limit) as PendingOffsiteDeletion[];
  }

  done(mediaPath: string): void {
    this.remove.run(mediaPath);
  }

  size(): number {
    return this.count.get() as number;
  }
}
