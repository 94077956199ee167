import Database from 'better-sqlite3';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { HomesecCore } from '../../../server/src/app.js';
import { STAGE_NAMES } from '../../../server/src/core/clip.js';
import { isolatedDatabaseUrl, testDatabaseUrl } from '../../support/postgres.js';
import { startHomesecCore, type StartedHomesec } from '../../support/start-homesec.js';
import { makeTempDir } from '../../support/temp-dir.js';

/**
 * Databases written by the previous version (before the event alone decided and alerted), kept as
 * SQL dumps: `homesec process` on a clip with people, detector on, no vision model, one SQLite run and
 * one Postgres run, each with its local database. The clip docs carry `decision` and the
 * `decide`/`notify` stages; the event docs already carry the decision.
 */
const DUMPS = join(dirname(fileURLToPath(import.meta.url)), 'previous-version');
const SQLITE_CLIP = 'porch_20261207T112725_8f0ecb';
const POSTGRES_CLIP = 'porch_20261207T112755_b96666';
/** The schema the Postgres dump was taken from; the test restores it under a fresh name. */
const DUMPED_SCHEMA = 'homesec_v_prev';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function restoreSqlite(dump: string, file: string): void {
  const db = new Database(file);
  try {
    db.exec(readFileSync(join(DUMPS, dump), 'utf8'));
  } finally {
    db.close();
  }
}

async function start(dir: string, overrides: Record<string, unknown> = {}): Promise<StartedHomesec<HomesecCore>> {
  const running = await startHomesecCore(
    { data_dir: join(dir, 'data'), cameras: [{ name: 'porch', source: 'folder', path: join(dir, 'inbox') }], ...overrides },
    { dir },
  );
  cleanups.push(() => running.stop());
  return running;
}

/** What every store must show of the old clip once migrated: whether its event alerted, no decision, no decide/notify. */
async function expectMigrated(app: HomesecCore, clipId: string): Promise<void> {
  const stored = await app.repository.getClip(clipId);
  const local = app.repository.getLocal(clipId);
  for (const clip of [stored, local]) {
    expect(clip?.alerted).toBe(true);
    expect(clip && 'decision' in clip).toBe(false);
    expect(Object.keys(clip?.stages ?? {}).every((stage) => (STAGE_NAMES as readonly string[]).includes(stage))).toBe(true);
    expect(clip?.stages.detect?.outcome).toBe('ok');
  }
  // And the event that decided keeps its decision, and list filters still find the clip that alerted
  const event = app.cameraEvents.getLocal(stored?.eventId ?? '');
  expect(event?.decision).toMatchObject({ alert: true, reason: 'trigger_label_vlm_skipped' });
  expect(await app.repository.countClips({ alerted: true })).toBe(1);
  expect((await app.repository.listClips({ alerted: false })).clips).toEqual([]);
}

describe('a database written by the previous version', () => {
  it('opens and migrates on SQLite, the store and the local state alike', async () => {
    // Given the previous version's SQLite store and local database in the data folder
    const temp = makeTempDir('homesec-prev-sqlite-');
    cleanups.push(() => temp.remove());
    mkdirSync(join(temp.path, 'data'), { recursive: true });
    restoreSqlite('sqlite-store.sql', join(temp.path, 'data', 'homesec.db'));
    restoreSqlite('sqlite-local.sql', join(temp.path, 'data', 'local.db'));

    // When this version starts on it
    const running = await start(temp.path);

    // Then the clip reads as this version writes it, in the store and locally
    await expectMigrated(running.app, SQLITE_CLIP);
    // And no document in the store carries the old decision any more
    await running.stop();
    const db = new Database(join(temp.path, 'data', 'homesec.db'), { readonly: true });
    try {
      expect(db.prepare("SELECT count(*) FROM clips WHERE json_type(doc, '$.decision') IS NOT NULL").pluck().get()).toBe(0);
      expect(db.prepare("SELECT count(*) FROM clips WHERE json_extract(doc, '$.alerted') = 1").pluck().get()).toBe(1);
    } finally {
      db.close();
    }
  });

  it('opens and migrates on Postgres', async () => {
    // Given the previous version's Postgres schema (restored under a fresh name) and its local database
    const { url, drop } = isolatedDatabaseUrl();
    cleanups.push(drop);
    const schema = new URL(url).searchParams.get('schema') ?? '';
    const admin = new pg.Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    try {
      const dump = readFileSync(join(DUMPS, 'postgres-store.sql'), 'utf8').replaceAll(DUMPED_SCHEMA, schema);
      await admin.query(dump);
    } finally {
      await admin.end();
    }
    const temp = makeTempDir('homesec-prev-pg-');
    cleanups.push(() => temp.remove());
    mkdirSync(join(temp.path, 'data'), { recursive: true });
    restoreSqlite('postgres-local.sql', join(temp.path, 'data', 'local.db'));

    // When this version starts on them
    const running = await start(temp.path, { database_url: url });

    // Then the clip reads as this version writes it, in the store and locally
    await expectMigrated(running.app, POSTGRES_CLIP);
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    try {
      const left = await check.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.clips WHERE doc ? 'decision'`);
      expect(left.rows[0]?.n).toBe('0');
    } finally {
      await check.end();
    }
  });
});
