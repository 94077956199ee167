import type { LocalDb } from '../store/local-db.js';
import type { LocalTable } from '../store/local-table.js';
import type Database from 'better-sqlite3';

export interface SpendEntry {
  readonly clipId: string;
  readonly camera: string;
  readonly model: string;
  readonly at: Date;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly costUsd: number;
  /** `analyzed`, `invalid_reply`, `repair`: every billed call is recorded, not only the good ones. */
  readonly outcome: string;
}

export interface SpendSummary {
  readonly month: string;
  readonly costUsd: number;
  readonly calls: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
}

/** Calendar month in local time (the user's bill follows their calendar), e.g. "2026-11". */
export function monthOf(at: Date): string {
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}`;
}

/** The `vlm_spend` table of the local database. */
export const VLM_SPEND_TABLE: LocalTable = {
  name: 'vlm_spend',
  steps: [
    `
      CREATE TABLE vlm_spend (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        clip_id TEXT NOT NULL,
        camera TEXT NOT NULL,
        model TEXT NOT NULL,
        month TEXT NOT NULL,
        at INTEGER NOT NULL,
        prompt_tokens INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL,
        cost_usd REAL NOT NULL,
        outcome TEXT NOT NULL
      );
      CREATE INDEX vlm_spend_month ON vlm_spend (month);
      CREATE INDEX vlm_spend_clip ON vlm_spend (clip_id)
    `,
    // Old calls are folded into one row per month, model and camera: `calls` says how many a row holds.
    `
      ALTER TABLE vlm_spend ADD COLUMN calls INTEGER NOT NULL DEFAULT 1;
      CREATE INDEX vlm_spend_at ON vlm_spend (at)
    `,
  ],
};

interface FoldedGroup {
  readonly month: string;
  readonly model: string;
  readonly camera: string;
  readonly at: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly costUsd: number;
  readonly calls: number;
  readonly rows: number;
}

/**
 * Tokens and cost of every VLM call, in the local SQLite file (table `vlm_spend`),
 * so the monthly budget survives restarts and store outages.
 */
export class SpendLedger {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly monthTotal: Database.Statement;
  private readonly clipTotal: Database.Statement;
  private readonly groupsBefore: Database.Statement;
  private readonly deleteBefore: Database.Statement;
  private readonly insertFolded: Database.Statement;
  private readonly deleteMonthsBefore: Database.Statement;

  constructor(local: LocalDb) {
    const db = local.use(VLM_SPEND_TABLE);
    this.db = db;
    this.insert = db.prepare(
      `INSERT INTO vlm_spend (clip_id, camera, model, month, at, prompt_tokens, completion_tokens, cost_usd, outcome)
       VALUES (@clipId, @camera, @model, @month, @at, @promptTokens, @completionTokens, @costUsd, @outcome)`,
    );
    this.monthTotal = db.prepare(
      `SELECT COALESCE(SUM(cost_usd), 0) AS costUsd, COALESCE(SUM(calls), 0) AS calls, COALESCE(SUM(prompt_tokens), 0) AS promptTokens,
              COALESCE(SUM(completion_tokens), 0) AS completionTokens FROM vlm_spend WHERE month = ?`,
    );
    this.clipTotal = db.prepare('SELECT COALESCE(SUM(cost_usd), 0) FROM vlm_spend WHERE clip_id = ?').pluck();
    this.groupsBefore = db.prepare(
      `SELECT month, model, camera, MAX(at) AS at, SUM(prompt_tokens) AS promptTokens, SUM(completion_tokens) AS completionTokens,
              SUM(cost_usd) AS costUsd, SUM(calls) AS calls, COUNT(*) AS rows
       FROM vlm_spend WHERE at < ? GROUP BY month, model, camera`,
    );
    this.deleteBefore = db.prepare('DELETE FROM vlm_spend WHERE at < ?');
    this.insertFolded = db.prepare(
      `INSERT INTO vlm_spend (clip_id, camera, model, month, at, prompt_tokens, completion_tokens, cost_usd, outcome, calls)
       VALUES ('', @camera, @model, @month, @at, @promptTokens, @completionTokens, @costUsd, 'folded', @calls)`,
    );
    this.deleteMonthsBefore = db.prepare('DELETE FROM vlm_spend WHERE month < ?');
  }

  record(entry: SpendEntry): void {
    this.insert.run({ ...entry, at: entry.at.getTime(), month: monthOf(entry.at) });
  }

  monthToDate(now: Date): SpendSummary {
    const month = monthOf(now);
    const row = this.monthTotal.get(month) as Omit<SpendSummary, 'month'>;
    return { month, ...row };
  }

  clipCostUsd(clipId: string): number {
    return this.clipTotal.get(clipId) as number;
  }

  /**
   * Keeps the ledger small without losing a cent: calls made before `before` become one row per month,
   * model and camera (totals kept, `calls` counted), and months before `keepFrom` (e.g. "2025-12") go.
   * Returns how many rows fewer there are.
   */
  compact(before: Date, keepFrom: string): number {
    return this.db.transaction(() => {
      const dropped = this.deleteMonthsBefore.run(keepFrom).changes;
      const groups = this.groupsBefore.all(before.getTime()) as FoldedGroup[];
      const rows = groups.reduce((sum, g) => sum + g.rows, 0);
      if (rows === groups.length) return dropped;
      this.deleteBefore.run(before.getTime());
      for (const { rows: _rows, ...group } of groups) this.insertFolded.run(group);
      return dropped + rows - groups.length;
    })();
  }
}
