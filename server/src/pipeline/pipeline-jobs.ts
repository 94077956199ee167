import type { LocalDb } from '../store/local-db.js';
import type { LocalTable } from '../store/local-table.js';
import type Database from 'better-sqlite3';

export interface PipelineJob {
  readonly clipId: string;
  readonly enqueuedAt: number;
  /** Non-null while the clip's file has not yet reached the media folder. */
  readonly sourcePath: string | null;
  readonly consume: boolean;
}

/** The `pipeline_jobs` table of the local database. */
export const PIPELINE_JOBS_TABLE: LocalTable = {
  name: 'pipeline_jobs',
  steps: [
    `
      CREATE TABLE pipeline_jobs (
        clip_id TEXT PRIMARY KEY,
        enqueued_at INTEGER NOT NULL,
        -- Set until the file is safely in the media folder: where to take it from on recovery.
        source_path TEXT,
        consume INTEGER NOT NULL DEFAULT 1
      )
    `,
  ],
};

/** The durable queue: one row per clip that is not `done` yet, in the local database (P0). */
export class PipelineJobs {
  private readonly insert: Database.Statement;
  private readonly markStored: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly selectAll: Database.Statement;
  private readonly count: Database.Statement;
  private readonly has: Database.Statement;

  constructor(local: LocalDb) {
    const db = local.use(PIPELINE_JOBS_TABLE);
    this.insert = db.prepare('INSERT OR IGNORE INTO pipeline_jobs (clip_id, enqueued_at, source_path, consume) VALUES (?, ?, ?, ?)');
    this.markStored = db.prepare('UPDATE pipeline_jobs SET source_path = NULL WHERE clip_id = ?');
    this.remove = db.prepare('DELETE FROM pipeline_jobs WHERE clip_id = ?');
    this.selectAll = db.prepare('SELECT clip_id, enqueued_at, source_path, consume FROM pipeline_jobs ORDER BY enqueued_at, clip_id');
    this.count = db.prepare('SELECT COUNT(*) FROM pipeline_jobs').pluck();
    this.has = db.prepare('SELECT 1 FROM pipeline_jobs WHERE clip_id = ?').pluck();
  }

  add(clipId: string, sourcePath: string, consume: boolean): void {
    this.insert.run(clipId, Date.now(), sourcePath, consume ? 1 : 0);
  }

  stored(clipId: string): void {
    this.markStored.run(clipId);
  }

  done(clipId: string): void {
    this.remove.run(clipId);
  }

  all(): PipelineJob[] {
    const rows = this.selectAll.all() as { clip_id: string; enqueued_at: number; source_path: string | null; consume: number }[];
    return rows.map((r) => ({ clipId: r.clip_id, enqueuedAt: r.enqueued_at, sourcePath: r.source_path, consume: r.consume === 1 }));
  }

  size(): number {
    return this.count.get() as number;
  }

  contains(clipId: string): boolean {
    return this.has.get(clipId) === 1;
  }
}
