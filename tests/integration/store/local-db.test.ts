import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ALERT_COOLDOWN_TABLE, CooldownTracker } from '../../../server/src/alert/cooldown-tracker.js';
import { PipelineJobs } from '../../../server/src/pipeline/pipeline-jobs.js';
import { LOCAL_DB_FILE_NAME, LocalDb } from '../../../server/src/store/local-db.js';
import { makeTempDir } from '../../support/temp-dir.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function tempDir(): string {
  const dir = makeTempDir('homesec-localdb-');
  cleanups.push(() => dir.remove());
  return dir.path;
}

/** The local database as the release before per-table steps left it: three numbered migrations applied. */
function writeLegacyDatabase(dir: string): void {
  const db = new Database(join(dir, LOCAL_DB_FILE_NAME));
  db.exec(`
    CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
    INSERT INTO schema_migrations VALUES (1, 'v1', '2026-11-01'), (2, 'v2', '2026-11-01'), (3, 'v3', '2026-11-01');
    CREATE TABLE pipeline_jobs (clip_id TEXT PRIMARY KEY, enqueued_at INTEGER NOT NULL, source_path TEXT, consume INTEGER NOT NULL DEFAULT 1);
    INSERT INTO pipeline_jobs VALUES ('clip_a', 1, NULL, 1);
    CREATE TABLE source_manifest (camera TEXT NOT NULL, key TEXT NOT NULL, taken_at INTEGER NOT NULL, PRIMARY KEY (camera, key)) WITHOUT ROWID;
    CREATE TABLE alert_cooldown (camera TEXT PRIMARY KEY, alerted_at INTEGER NOT NULL, risk_rank INTEGER NOT NULL);
    ALTER TABLE alert_cooldown ADD COLUMN clip_id TEXT;
    INSERT INTO alert_cooldown VALUES ('front_door', 1000, 2, 'clip_a');
  `);
  db.close();
}

describe('local database', () => {
  it('creates each table the first time a part asks for it, and only once', () => {
    // Given a new data folder
    const dir = tempDir();
    const local = LocalDb.open(dir);
    cleanups.push(() => local.stop());
    // When two parts use the same table
    const first = new PipelineJobs(local);
    first.add('clip_1', '/tmp/x.mp4', true);
    const second = new PipelineJobs(local);
    // Then the table exists once, with the row, and the alert table the cooldown needs is created at version 2
    expect(second.all().map((j) => j.clipId)).toEqual(['clip_1']);
    const cooldown = new CooldownTracker(local);
    cooldown.record({ camera: 'front_door', clipId: 'clip_1', at: new Date(5000), riskRank: 1 });
    expect(cooldown.last('front_door')).toMatchObject({ clipId: 'clip_1', riskRank: 1 });
    const version = local
      .use(ALERT_COOLDOWN_TABLE)
      .prepare('SELECT version FROM local_tables WHERE name = ?')
      .pluck()
      .get('alert_cooldown');
    expect(version).toBe(ALERT_COOLDOWN_TABLE.steps.length);
  });

  it('carries a database of the previous release over: its rows stay, no step runs twice, the unused manifest is dropped', () => {
    // Given a local.db written by the release with numbered migrations
    const dir = tempDir();
    writeLegacyDatabase(dir);
    // When this release opens it and its parts use their tables
    const local = LocalDb.open(dir);
    cleanups.push(() => local.stop());
    const jobs = new PipelineJobs(local);
    const cooldown = new CooldownTracker(local);
    // Then the queued clip and the cooldown are still there (the ALTER of step 2 did not run again)
    expect(jobs.all().map((j) => j.clipId)).toEqual(['clip_a']);
    expect(cooldown.last('front_door')).toMatchObject({ clipId: 'clip_a', riskRank: 2 });
    // And the manifest table and the old migration list are gone
    const tables = local.use(ALERT_COOLDOWN_TABLE).prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).not.toContain('source_manifest');
    expect(tables).not.toContain('schema_migrations');
  });
});
