import type { LocalDb } from '../store/local-db.js';
import type { LocalTable } from '../store/local-table.js';
import type Database from 'better-sqlite3';

export interface LastAlert {
  readonly camera: string;
  readonly clipId: string | null;
  readonly at: Date;
  /** riskRank of the alert; -1 when it had no VLM risk (detector-only). */
  readonly riskRank: number;
}

/** The `alert_cooldown` table of the local database. */
export const ALERT_COOLDOWN_TABLE: LocalTable = {
  name: 'alert_cooldown',
  steps: [
    `
      CREATE TABLE alert_cooldown (
        camera TEXT PRIMARY KEY,
        alerted_at INTEGER NOT NULL,
        risk_rank INTEGER NOT NULL
      )
    `,
    `
      ALTER TABLE alert_cooldown ADD COLUMN clip_id TEXT
    `,
  ],
};

/**
 * The last alert per camera, in the local SQLite file (table `alert_cooldown`), so a restart does not
 * forget a cooldown and re-alert.
 */
export class CooldownTracker {
  private readonly read: Database.Statement;
  private readonly write: Database.Statement;

  constructor(local: LocalDb) {
    const db = local.use(ALERT_COOLDOWN_TABLE);
    this.read = db.prepare(
      'SELECT camera, clip_id AS clipId, alerted_at AS at, risk_rank AS riskRank FROM alert_cooldown WHERE camera = ?',
    );
    this.write = db.prepare(
      `INSERT INTO alert_cooldown (camera, clip_id, alerted_at, risk_rank) VALUES (@camera, @clipId, @at, @riskRank)
       ON CONFLICT (camera) DO UPDATE SET clip_id = excluded.clip_id, alerted_at = excluded.alerted_at, risk_rank = excluded.risk_rank`,
    );
  }

  last(camera: string): LastAlert | null {
    const row = this.read.get(camera) as { camera: string; clipId: string | null; at: number; riskRank: number } | undefined;
    return row ? { ...row, at: new Date(row.at) } : null;
  }

  record(alert: LastAlert): void {
    this.write.run({ camera: alert.camera, clipId: alert.clipId, at: alert.at.getTime(), riskRank: alert.riskRank });
  }
}
