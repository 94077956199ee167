import type { LocalDb } from './local-db.js';
import type { LocalTable } from './local-table.js';
import type Database from 'better-sqlite3';
import { ClipSchema, type Clip } from '../core/clip.js';

/** The `clip_states` table of the local database. */
export const CLIP_STATES_TABLE: LocalTable = {
  name: 'clip_states',
  steps: [
    `
      CREATE TABLE clip_states (
        clip_id TEXT PRIMARY KEY,
        doc TEXT NOT NULL,
        status TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX clip_states_status ON clip_states (status, updated_at)
    `,
    // The event decides and alerts: a clip keeps only whether its event alerted.
    `
      UPDATE clip_states SET doc = json_set(
        json_remove(doc, '$.decision', '$.stages.decide', '$.stages.notify'),
        '$.alerted',
        json(CASE WHEN json_extract(doc, '$.decision.alert') = 1 THEN 'true' ELSE 'false' END)
      )
      WHERE json_type(doc, '$.decision') IS NOT NULL
    `,
  ],
};

/**
 * The latest state of each recent clip, kept locally so the pipeline and the outbox can read and
 * change a clip while the clip store is down. The clip store holds the full history.
 */
export class LocalClipStates {
  private readonly select: Database.Statement;
  private readonly upsert: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly selectSettledBefore: Database.Statement;
  private readonly exists: Database.Statement;

  constructor(local: LocalDb) {
    const db = local.use(CLIP_STATES_TABLE);
    this.select = db.prepare('SELECT doc FROM clip_states WHERE clip_id = ?').pluck();
    this.upsert = db.prepare(
      `INSERT INTO clip_states (clip_id, doc, status, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (clip_id) DO UPDATE SET doc = excluded.doc, status = excluded.status, updated_at = excluded.updated_at`,
    );
    this.remove = db.prepare('DELETE FROM clip_states WHERE clip_id = ?');
    this.exists = db.prepare('SELECT 1 FROM clip_states WHERE clip_id = ?').pluck();
    this.selectSettledBefore = db
      .prepare("SELECT clip_id FROM clip_states WHERE status IN ('done', 'failed', 'deleted') AND updated_at < ? LIMIT ?")
      .pluck();
  }

  /** Whether the clip is held locally (without reading its document). */
  has(clipId: string): boolean {
    return this.exists.get(clipId) !== undefined;
  }

  get(clipId: string): Clip | null {
    const doc = this.select.get(clipId) as string | undefined;
    return doc === undefined ? null : ClipSchema.parse(JSON.parse(doc));
  }

  put(clip: Clip): void {
    this.upsert.run(clip.id, JSON.stringify(clip), clip.status, Date.parse(clip.updatedAt));
  }

  delete(clipId: string): void {
    this.remove.run(clipId);
  }

  /** Ids of finished clips untouched since `before`: candidates to forget locally. */
  settledBefore(before: Date, limit: number): string[] {
    return this.selectSettledBefore.all(before.getTime(), limit) as string[];
  }
}
