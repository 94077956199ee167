import type pg from 'pg';
import { StoreUnavailableError } from '../core/errors.js';

export interface PostgresTarget {
  /** The URL without HomeSec's own `schema` parameter, as pg takes it. */
  readonly connectionString: string;
  /** `?schema=name`: where HomeSec's tables live (search_path), or null for the default. */
  readonly schema: string | null;
  /** Host, port, database and schema, never the credentials: safe for logs and health. */
  readonly description: string;
}

/** Reads `database_url` for every Postgres store (clips and logs share one database and schema). */
export function parsePostgresUrl(databaseUrl: string): PostgresTarget {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  if (schema !== null && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new StoreUnavailableError(`database_url: schema "${schema}" must be a plain lowercase identifier`);
  }
  return {
    connectionString: url.toString(),
    schema,
    description: `postgres ${url.hostname}:${url.port || '5432'}${url.pathname}${schema ? ` schema ${schema}` : ''}`,
  };
}

/** Pool settings with bounded waits, so an unreachable server fails fast instead of hanging a stage. */
export function postgresPoolConfig(
  target: PostgresTarget,
  options: { readonly max: number; readonly connectTimeoutMs?: number | undefined },
): pg.PoolConfig {
  return {
    connectionString: target.connectionString,
    max: options.max,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    query_timeout: 15000,
    ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
  };
}
