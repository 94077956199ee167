import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import { ClipQuerySchema } from '../core/clip-query.js';
import type { ClipStore, StoreWrite } from '../core/clip-store.js';
import { createHttpApp } from '../http/create-http-app.js';
import { HttpServer } from '../http/http-server.js';
import { clipRoutes, type ClipReader } from '../http/routes/clip-routes.js';
import { PostgresClipStore } from '../store/postgres-clip-store.js';
import { SqliteClipStore } from '../store/sqlite-clip-store.js';
import type { BenchFigure, Benchmark } from './bench-figure.js';
import { percentile } from '../metrics/percentile.js';
import { syntheticClip } from './synthetic-clips.js';

const CLIPS = 100_000;
const ROUNDS = 40;
const WEB_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** What the timeline asks for: filters as query strings, each followed by its next page through the cursor. */
const FILTERED_QUERIES = [
  'camera=front_door',
  'camera=driveway&label=person',
  'label=person&min_risk=high',
  'alerted=true&camera=back_yard',
  `status=done&camera=garage&from=${encodeURIComponent(new Date(Date.now() - 7 * 86_400_000).toISOString())}`,
];
/** Full-text search for a word in 2 of 7 clips: the costly case, reported on its own as in the store bench. */
const TEXT_QUERIES = ['text=dog', 'text=dog&camera=front_door'];

/** p95 of real HTTP `GET /api/clips` (validation, store query, JSON) at 100k clips, and the dashboard's gzipped JS. */
export const apiBench: Benchmark = async (context) => {
  const figures: BenchFigure[] = [bundleFigure(context.log)];
  figures.push(
    ...(await measureApi('sqlite', new SqliteClipStore(join(context.scratchDir, 'api-bench.db')), context.log, () =>
      analyzeSqlite(join(context.scratchDir, 'api-bench.db')),
    )),
  );
  if (context.postgresUrl) {
    const schema = `api_bench_${process.pid}`;
    const url = new URL(context.postgresUrl);
    url.searchParams.set('schema', schema);
    const store = new PostgresClipStore({ url: url.toString(), log: pino({ level: 'silent' }) });
    try {
      figures.push(
        ...(await measureApi('postgres', store, context.log, () => onPostgres(context.postgresUrl ?? '', `ANALYZE ${schema}.clips`))),
      );
    } finally {
      await onPostgres(context.postgresUrl, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    }
  } else {
    context.log('HOMESEC_TEST_DATABASE_URL not set: Postgres API figures skipped');
  }
  return figures;
};

async function measureApi(
  name: string,
  store: ClipStore,
  log: (m: string) => void,
  afterLoad: () => Promise<void>,
): Promise<BenchFigure[]> {
  await store.start();
  const server = new HttpServer(
    { host: '127.0.0.1', port: 0, ingressOnly: false, password: '', users: [], sessionDays: 30, metricsToken: '', trustedProxies: [] },
    createHttpApp(
      {
        open: [],
        guarded: [clipRoutes({ clips: readerOver(store), media: { deleteClip: () => Promise.reject(new Error('not in the bench')) } })],
      },
      { log: pino({ level: 'silent' }), gate: null, trustedProxies: [] },
    ),
    pino({ level: 'silent' }),
  );
  try {
    await bulkLoad(store);
    await afterLoad();
    await server.start();
    const base = `${server.url()}/api/clips`;
    const filtered = await timeQueries(base, FILTERED_QUERIES);
    const text = await timeQueries(base, TEXT_QUERIES);
    log(`${name}: ${filtered.length + text.length} GET /api/clips, filtered p50 ${percentile(filtered, 50).toFixed(1)} ms`);
    const notes = `${CLIPS} clips; real HTTP on loopback (zod validation, store query, JSON)`;
    return [
      {
        name: `api.${name}.get_clips_filtered_p95`,
        value: percentile(filtered, 95),
        unit: 'ms',
        target: 'p95 < 50 ms',
        notes: `${notes}; camera, label, min risk, alerted, status + time range; first page and the next through the cursor`,
      },
      { name: `api.${name}.get_clips_filtered_p50`, value: percentile(filtered, 50), unit: 'ms' },
      {
        name: `api.${name}.get_clips_text_search_p95`,
        value: percentile(text, 95),
        unit: 'ms',
        target: 'p95 < 50 ms',
        notes: `${notes}; full-text search for a word in 2 of 7 clips, with cursor`,
      },
    ];
  } finally {
    await server.stop();
    await store.stop();
  }
}

async function timeQueries(base: string, queries: readonly string[]): Promise<number[]> {
  const timings: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const query of queries) {
      const first = await timedGet(`${base}?${query}&limit=50`, timings);
      if (first.nextCursor) await timedGet(`${base}?${query}&limit=50&cursor=${encodeURIComponent(first.nextCursor)}`, timings);
    }
  }
  return timings;
}

async function timedGet(url: string, timings: number[]): Promise<{ nextCursor: string | null }> {
  const start = performance.now();
  const response = await fetch(url);
  const body = (await response.json()) as { nextCursor: string | null };
  timings.push(performance.now() - start);
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
  return body;
}

/** The routes read through the repository in the app; here straight from the store (the repository adds only a parse). */
function readerOver(store: ClipStore): ClipReader {
  return {
    listClips: (query) => store.listClips(ClipQuerySchema.parse(query)),
    getClip: (id) => store.getClip(id),
    listClipEvents: (id) => store.listClipEvents(id),
    recordDeletion: () => {
      throw new Error('read-only benchmark');
    },
  };
}

async function bulkLoad(store: ClipStore): Promise<void> {
  const newest = Date.now();
  for (let i = 0; i < CLIPS; i += 2000) {
    const writes: StoreWrite[] = [];
    for (let j = i; j < Math.min(i + 2000, CLIPS); j++) writes.push({ kind: 'clip', clip: syntheticClip(j, newest) });
    await store.apply(writes);
  }
}

/** Gzipped size of every JavaScript file the dashboard ships (web/dist, built by `npm run build`). */
function bundleFigure(log: (m: string) => void): BenchFigure {
  const assets = join(WEB_DIST, 'assets');
  if (!existsSync(assets)) throw new Error(`${WEB_DIST} is not built: run npm run build --workspace web first`);
  const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const raw = js.reduce((sum, f) => sum + readFileSync(join(assets, f)).length, 0);
  const gz = js.reduce((sum, f) => sum + gzipSync(readFileSync(join(assets, f))).length, 0);
  log(`web bundle: ${js.length} JS file(s), ${(raw / 1024).toFixed(1)} KB raw`);
  return {
    name: 'web.bundle_js_gzip',
    value: gz / 1024,
    unit: 'KB',
    target: '< 200 KB',
    notes: `${js.length} file(s), ${(raw / 1024).toFixed(1)} KB before gzip`,
  };
}

// A live database keeps planner statistics fresh; a bulk load has none yet.
async function analyzeSqlite(path: string): Promise<void> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(path);
  db.exec('ANALYZE');
  db.close();
}

async function onPostgres(postgresUrl: string, sql: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
