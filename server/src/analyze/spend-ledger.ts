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

/**
 * Tokens and cost of every VLM call, in the local SQLite file (table `vlm_spend`, local migration 2),
 * so the monthly budget survives restarts and store outages.
 */
export class SpendLedger {
  private readonly insert: Database.Statement;
  private readonly monthTotal: Database.Statement;
  private readonly clipTotal: Database.Statement;

  constructor(db: Database.Database) {
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
