import { join } from 'node:path';
import pino from 'pino';
import { ClipQuerySchema, type ClipQuery } from '../core/clip-query.js';
import type { ClipStore, StoreWrite } from '../core/clip-store.js';
import { PostgresClipStore } from '../store/postgres-clip-store.js';
import { SqliteClipStore } from '../store/sqlite-clip-store.js';
import type { BenchFigure, Benchmark } from './bench-figure.js';
import { percentile } from '../metrics/percentile.js';
import { syntheticClip } from './synthetic-clips.js';

const CLIPS = 100_000;
const ROUNDS = 60;

/** The filtered listings a dashboard user makes, first page and a later page through the cursor. */
const FILTER_QUERIES: ClipQuery[] = [
  { camera: 'front_door', limit: 50 },
  { camera: 'driveway', label: 'person', limit: 50 },
  { label: 'person', minRisk: 'high', limit: 50 },
  { alerted: true, camera: 'back_yard', limit: 50 },
  { status: 'done', camera: 'garage', from: new Date(Date.now() - 7 * 86_400_000).toISOString(), limit: 50 },
];
/** Full-text search for a word found in 2 of 7 clips: the costly case (many matches to intersect). */
const TEXT_QUERIES: ClipQuery[] = [{ text: 'dog', limit: 50 }];

export const storeBench: Benchmark = async (context) => {
  const figures: BenchFigure[] = [];
  const sqlitePath = join(context.scratchDir, 'bench.db');
  const sqlite = new SqliteClipStore(sqlitePath);
  figures.push(...(await measureStore('sqlite', sqlite, context.log, () => analyzeSqlite(sqlitePath))));
  if (context.postgresUrl) {
    const url = new URL(context.postgresUrl);
    const schema = `bench_${process.pid}`;
    url.searchParams.set('schema', schema);
    const store = new PostgresClipStore({ url: url.toString(), log: pino({ level: 'silent' }) });
    try {
      figures.push(...(await measureStore('postgres', store, context.log, () => analyzePostgres(context.postgresUrl ?? '', schema))));
    } finally {
      await dropSchema(context.postgresUrl, schema);
    }
  } else {
    context.log('HOMESEC_TEST_DATABASE_URL not set: Postgres figures skipped');
  }
  return figures;
};

/** Times each query ROUNDS times: its first page and the page after it. */
async function timeQueries(store: ClipStore, queries: readonly ClipQuery[]): Promise<number[]> {
  const timings: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const query of queries) {
      const parsed = ClipQuerySchema.parse(query);
      let start = performance.now();
      const first = await store.listClips(parsed);
      timings.push(performance.now() - start);
      if (!first.nextCursor) continue;
      start = performance.now();
      await store.listClips({ ...parsed, cursor: first.nextCursor });
      timings.push(performance.now() - start);
    }
  }
  return timings;
}

async function measureStore(
  name: string,
  store: ClipStore,
  log: (m: string) => void,
  afterBulkLoad: () => Promise<void>,
): Promise<BenchFigure[]> {
  await store.start();
  try {
    const insertStart = performance.now();
    const newest = Date.now();
    for (let i = 0; i < CLIPS; i += 2000) {
      const writes: StoreWrite[] = [];
      for (let j = i; j < Math.min(i + 2000, CLIPS); j++) writes.push({ kind: 'clip', clip: syntheticClip(j, newest) });
      await store.apply(writes);
    }
    const insertS = (performance.now() - insertStart) / 1000;
    log(`${name}: ${CLIPS} clips written in ${insertS.toFixed(1)} s`);

    await afterBulkLoad();
    const filtered = await timeQueries(store, FILTER_QUERIES);
    const text = await timeQueries(store, TEXT_QUERIES);
    return [
      {
        name: `store.${name}.list_filtered_p95`,
        value: percentile(filtered, 95),
        unit: 'ms',
        target: 'p95 < 20 ms',
        notes: `${CLIPS} clips, ${filtered.length} queries (camera, label, min risk, alerted, status, time range; first page and the next through the cursor)`,
      },
      { name: `store.${name}.list_filtered_p50`, value: percentile(filtered, 50), unit: 'ms' },
      {
        name: `store.${name}.list_text_search_p95`,
        value: percentile(text, 95),
        unit: 'ms',
        notes: 'full-text search for a word in 2 of 7 clips',
      },
      { name: `store.${name}.insert_rate`, value: CLIPS / insertS, unit: 'clips/s' },
    ];
  } finally {
    await store.stop();
  }
}

// A live database keeps its planner statistics fresh (autovacuum, PRAGMA optimize); a bulk load has none yet.
async function analyzeSqlite(path: string): Promise<void> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(path);
  db.exec('ANALYZE');
  db.close();
}

async function analyzePostgres(postgresUrl: string, schema: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(`ANALYZE ${schema}.clips`);
  } finally {
    await client.end();
  }
}

async function dropSchema(postgresUrl: string, schema: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
