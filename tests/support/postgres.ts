import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { TcpProxy } from './tcp-proxy.js';

/**
 * The test Postgres from HOMESEC_TEST_DATABASE_URL. Missing is a failure with a clear message, never a
 * silent skip: CI sets it (.ci/run), and so should anyone running the suite.
 */
export function testDatabaseUrl(): string {
  const url = process.env.HOMESEC_TEST_DATABASE_URL;
  if (!url) {
    throw new Error(
      'HOMESEC_TEST_DATABASE_URL is not set: the Postgres tests need a server, e.g. ' +
        'HOMESEC_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test (see README, "Running the tests")',
    );
  }
  return url;
}

/** A URL for a fresh schema of its own (so parallel test files never see each other's rows) and its cleanup. */
export function isolatedDatabaseUrl(): { url: string; drop: () => Promise<void> } {
  const base = testDatabaseUrl();
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const url = new URL(base);
  url.searchParams.set('schema', schema);
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * An isolated test schema reached through a TCP proxy that is not listening yet: HomeSec sees
 * Postgres as down until `proxy.up()`. `directUrl` bypasses the proxy (for assertions).
 */
export async function postgresBehindProxy(): Promise<{
  url: string;
  directUrl: string;
  schema: string;
  proxy: TcpProxy;
  drop: () => Promise<void>;
}> {
  const db = isolatedDatabaseUrl();
  const target = new URL(db.url);
  const proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const viaProxy = new URL(db.url);
  viaProxy.port = String(await proxy.reservePort());
  return { url: viaProxy.toString(), directUrl: db.url, schema: target.searchParams.get('schema') ?? '', proxy, drop: db.drop };
}
