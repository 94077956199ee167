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
  ],
};

export type NewFeedbackRule = Omit<FeedbackRule, 'id' | 'createdAt'>;

/**
 * The user's feedback rules, in the local SQLite file beside the armed flags and cooldowns: they are
 * settings, and decisions must read them with the database down. No cache: every instance over the
 * same file sees a rule the moment another adds it (the dashboard writes, the alert policy reads).
 */
export class FeedbackRules {
  private readonly selectAll: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly remove: Database.Statement;

  constructor(local: LocalDb) {
    const db = local.use(FEEDBACK_RULES_TABLE);
    this.selectAll = db.prepare('SELECT doc FROM feedback_rules ORDER BY created_at, rule_id').pluck();
    this.insert = db.prepare('INSERT INTO feedback_rules (rule_id, doc, created_at) VALUES (?, ?, ?)');
    this.remove = db.prepare('DELETE FROM feedback_rules WHERE rule_id = ?');
  }

  list(): FeedbackRule[] {
    return (this.selectAll.all() as string[]).map((doc) => FeedbackRuleSchema.parse(JSON.parse(doc)));
  }

  /** Adds a rule; the same label, camera and area a second time gives back the rule already there. */
  add(rule: NewFeedbackRule, now = new Date()): FeedbackRule {
    const same = this.list().find(
      (r) => r.camera === rule.camera && r.label === rule.label && JSON.stringify(r.area) === JSON.stringify(rule.area),
    );
    if (same) return same;
    const created = FeedbackRuleSchema.parse({ ...rule, id: `rule_${randomBytes(4).toString('hex')}`, createdAt: now.toISOString() });
    this.insert.run(created.id, JSON.stringify(created), now.getTime());
    return created;
  }

  /** True when the rule existed. */
  delete(id: string): boolean {
    return this.remove.run(id).changes > 0;
  }
}
