import type Database from 'better-sqlite3';
import type { LocalDb } from './local-db.js';
import type { LocalTable } from './local-table.js';

/** The `settings` table of the local database: small values that must survive restarts (armed flags, cursors). */
export const SETTINGS_TABLE: LocalTable = {
  name: 'settings',
  steps: [
    `CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    )`,
  ],
};

/** Key-value settings kept locally; callers own a key prefix each (`armed:`, `cleanup:`). */
export class LocalSettings {
  private readonly read: Database.Statement;
  private readonly write: Database.Statement;
  private readonly remove: Database.Statement;

  constructor(local: LocalDb) {
    const db = local.use(SETTINGS_TABLE);
    this.read = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
    this.write = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.remove = db.prepare('DELETE FROM settings WHERE key = ?');
  }

  get(key: string): string | null {
    return (this.read.get(key) as string | undefined) ?? null;
  }

  set(key: string, value: string): void {
    this.write.run(key, value);
  }

  delete(key: string): void {
    this.remove.run(key);
  }
}
