import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { FeedbackRuleSchema, type FeedbackRule } from '../core/feedback-rule.js';
import type { LocalDb } from '../store/local-db.js';
import type { LocalTable } from '../store/local-table.js';

/** The `feedback_rules` table of the local database. */
export const FEEDBACK_RULES_TABLE: LocalTable = {
  name: 'feedback_rules',
  steps: [
    `
      CREATE TABLE feedback_rules (
        rule_id TEXT PRIMARY KEY,
        doc TEXT NOT NULL,
        created_at INTEGER NOT NULL
      )
    `,
    // How often a rule fired lives in columns, counted without rewriting the rule (older rules start at 0).
    `
      ALTER TABLE feedback_rules ADD COLUMN hits INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE feedback_rules ADD COLUMN last_hit_at INTEGER;
      ALTER TABLE feedback_rules ADD COLUMN last_subject TEXT
    `,
  ],
};

/** What a new rule says; `expiresAt` and `skipAnalysis` default to never and no. */
export type NewFeedbackRule = Pick<FeedbackRule, 'camera' | 'label' | 'area' | 'fromEventId'> &
  Partial<Pick<FeedbackRule, 'expiresAt' | 'skipAnalysis'>>;

interface RuleRow {
  readonly doc: string;
  readonly hits: number;
  readonly lastHitAt: number | null;
}

/**
 * The user's feedback rules, in the local SQLite file beside the armed flags and cooldowns: they are
 * settings, and decisions must read them with the database down. No cache: every instance over the
 * same file sees a rule the moment another adds it (the dashboard writes, the alert policy reads).
 */
export class FeedbackRules {
  private readonly db: Database.Database;
  private readonly selectAll: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly replace: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly hit: Database.Statement;

  constructor(local: LocalDb) {
    const db = local.use(FEEDBACK_RULES_TABLE);
    this.db = db;
    this.selectAll = db.prepare('SELECT doc, hits, last_hit_at AS lastHitAt FROM feedback_rules ORDER BY created_at, rule_id');
    this.insert = db.prepare('INSERT INTO feedback_rules (rule_id, doc, created_at) VALUES (?, ?, ?)');
    this.replace = db.prepare('UPDATE feedback_rules SET doc = ? WHERE rule_id = ?');
    this.remove = db.prepare('DELETE FROM feedback_rules WHERE rule_id = ?');
    // One event decided several times (new, update, end) counts once.
    this.hit = db.prepare(
      `UPDATE feedback_rules SET hits = hits + 1, last_hit_at = @at, last_subject = @subject
       WHERE rule_id = @id AND last_subject IS NOT @subject`,
    );
  }

  list(): FeedbackRule[] {
    return (this.selectAll.all() as RuleRow[]).map((row) =>
      FeedbackRuleSchema.parse({
        ...(JSON.parse(row.doc) as object),
        hits: row.hits,
        lastHitAt: row.lastHitAt === null ? null : new Date(row.lastHitAt).toISOString(),
      }),
    );
  }

  /**
   * Adds a rule; the same label, camera and area a second time gives back the rule already there, with
   * the new request's expiry and VLM choice (the user's latest word).
   */
  add(rule: NewFeedbackRule, now = new Date()): FeedbackRule {
    const same = this.list().find(
      (r) => r.camera === rule.camera && r.label === rule.label && JSON.stringify(r.area) === JSON.stringify(rule.area),
    );
    const expiresAt = rule.expiresAt ?? null;
    const skipAnalysis = rule.skipAnalysis ?? false;
    if (same) {
      const renewed = { ...same, expiresAt, skipAnalysis };
      this.replace.run(JSON.stringify(withoutCounts(renewed)), same.id);
      return renewed;
    }
    const created = FeedbackRuleSchema.parse({
      ...rule,
      expiresAt,
      skipAnalysis,
      id: `rule_${randomBytes(4).toString('hex')}`,
      createdAt: now.toISOString(),
    });
    this.insert.run(created.id, JSON.stringify(withoutCounts(created)), now.getTime());
    return created;
  }

  /** Counts that these rules kept `subject` (an event or clip) from alerting; the same subject again is not counted. */
  recordHits(ruleIds: readonly string[], subject: string, at: Date): void {
    this.db.transaction(() => {
      for (const id of ruleIds) this.hit.run({ id, subject, at: at.getTime() });
    })();
  }

  /** True when the rule existed. */
  delete(id: string): boolean {
    return this.remove.run(id).changes > 0;
  }
}

/** The document without its counters (they live in columns). */
function withoutCounts(rule: FeedbackRule): Omit<FeedbackRule, 'hits' | 'lastHitAt'> {
  const { hits: _hits, lastHitAt: _last, ...doc } = rule;
  return doc;
}
