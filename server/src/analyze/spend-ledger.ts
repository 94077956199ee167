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
  ],
};

/**
 * Tokens and cost of every VLM call, in the local SQLite file (table `vlm_spend`),
 * so the monthly budget survives restarts and store outages.
 */
export class SpendLedger {
  private readonly insert: Database.Statement;
  private readonly monthTotal: Database.Statement;
  private readonly clipTotal: Database.Statement;

  constructor(local: LocalDb) {
    const db = local.use(VLM_SPEND_TABLE);
    this.insert = db.prepare(
      `INSERT INTO vlm_spend (clip_id, camera, model, month, at, prompt_tokens, completion_tokens, cost_usd, outcome)
       VALUES (@clipId, @camera, @model, @month, @at, @promptTokens, @completionTokens, @costUsd, @outcome)`,
    );
    this.monthTotal = db.prepare(
      `SELECT COALESCE(SUM(cost_usd), 0) AS costUsd, COUNT(*) AS calls, COALESCE(SUM(prompt_tokens), 0) AS promptTokens,
              COALESCE(SUM(completion_tokens), 0) AS completionTokens FROM vlm_spend WHERE month = ?`,
    );
    this.clipTotal = db.prepare('SELECT COALESCE(SUM(cost_usd), 0) FROM vlm_spend WHERE clip_id = ?').pluck();
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
}
