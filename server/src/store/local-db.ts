import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { HomesecError } from '../core/errors.js';
import type { Part } from '../core/lifecycle.js';
import { openSqlite } from './sqlite-connection.js';
import type { LocalTable } from './local-table.js';

export const LOCAL_DB_FILE_NAME = 'local.db';

export class LocalDbError extends HomesecError {}

/**
 * Before tables carried their own steps, the local database had one numbered migration list; a file
 * from then is carried over by recording which steps of which tables those migrations had applied.
 */
const LEGACY_MIGRATIONS: Record<number, Record<string, number>> = {
  1: { store_journal: 1, clip_states: 1, pipeline_jobs: 1, deferred_uploads: 1, settings: 1 },
  2: { vlm_spend: 1, notification_outbox: 1, alert_cooldown: 1 },
  3: { alert_cooldown: 2 },
};

/**
 * `<data_dir>/local.db`: what must survive a crash while Postgres, the broker or the network are down
 * (the queue, the journal, the outbox). WAL with synchronous=FULL: a queued clip must survive power
 * loss. Opening it is P0: failure stops start-up with one clear message.
 */
export class LocalDb implements Part {
  readonly name = 'local database';
  private readonly versions: Database.Statement;
  private readonly recordVersion: Database.Statement;
  private readonly ready = new Set<string>();

  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
  ) {
    db.exec('CREATE TABLE IF NOT EXISTS local_tables (name TEXT PRIMARY KEY, version INTEGER NOT NULL)');
    this.versions = db.prepare('SELECT version FROM local_tables WHERE name = ?').pluck();
    this.recordVersion = db.prepare(
      'INSERT INTO local_tables (name, version) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET version = excluded.version',
    );
    this.carryOverLegacy();
  }

  static open(dataDir: string): LocalDb {
    const path = join(dataDir, LOCAL_DB_FILE_NAME);
    try {
      mkdirSync(dataDir, { recursive: true });
      return new LocalDb(openSqlite(path, { synchronous: 'FULL', busyTimeoutMs: 5000 }), path);
    } catch (e) {
      throw new LocalDbError(`cannot open the local database ${path}: ${(e as Error).message}`, { cause: e });
    }
  }

  /** Creates or upgrades `table` (once per process) and returns the connection to prepare its queries on. */
  use(table: LocalTable): Database.Database {
    if (this.ready.has(table.name)) return this.db;
    // Checked again inside the write lock: another process (homesec process, cleanup) may open the file at once.
    this.db
      .transaction(() => {
        const applied = (this.versions.get(table.name) as number | undefined) ?? 0;
        table.steps.slice(applied).forEach((sql) => this.db.exec(sql));
        if (applied < table.steps.length) this.recordVersion.run(table.name, table.steps.length);
      })
      .immediate();
    this.ready.add(table.name);
    return this.db;
  }

  /** Runs `fn` in one write transaction (a clip record and its queue row together). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  stop(): void {
    if (this.db.open) this.db.close();
  }

  private carryOverLegacy(): void {
    const legacy = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
    if (!legacy) return;
    this.db
      .transaction(() => {
        const applied = this.db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[];
        for (const version of applied) {
          for (const [name, steps] of Object.entries(LEGACY_MIGRATIONS[version] ?? {})) {
            const current = (this.versions.get(name) as number | undefined) ?? 0;
            if (steps > current) this.recordVersion.run(name, steps);
          }
        }
        // Written once by the first release and never read: the FTP and folder sources keep no manifest.
        this.db.exec('DROP TABLE IF EXISTS source_manifest; DROP TABLE schema_migrations;');
      })
      .immediate();
  }
}
