import { decodeClipCursor } from '../core/clip-cursor.js';
import type { ParsedClipQuery } from '../core/clip-query.js';
import { riskRank } from '../core/risk-level.js';

/** How one SQL dialect spells what differs between SQLite and Postgres in a clip filter. */
export interface FilterDialect {
  /** Placeholder for the n-th (1-based) parameter. */
  placeholder(n: number): string;
  bool(value: boolean): unknown;
  /** Condition that the clip row `c` has the label bound at placeholder `p`. */
  hasLabel(p: string): string;
  /** Condition that the clip row `c` matches the search words bound at placeholder `p`, and the bound value. */
  matchesText(p: string, text: string): { sql: string; value: unknown };
}

export interface ClipFilterSql {
  readonly where: string;
  readonly params: unknown[];
}

/** WHERE clause for a clip listing on table alias `c`, including the keyset cursor. Deleted clips only on request. */
export function buildClipFilter(query: ParsedClipQuery, dialect: FilterDialect): ClipFilterSql {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const bind = (value: unknown): string => {
    params.push(value);
    return dialect.placeholder(params.length);
  };

  if (query.camera !== undefined) conditions.push(`c.camera = ${bind(query.camera)}`);
  if (query.status !== undefined) conditions.push(`c.status = ${bind(query.status)}`);
  else conditions.push(`c.status <> ${bind('deleted')}`);
  if (query.label !== undefined) conditions.push(dialect.hasLabel(bind(query.label)));
  if (query.minRisk !== undefined) conditions.push(`c.risk >= ${bind(riskRank(query.minRisk))}`);
  if (query.alerted !== undefined) conditions.push(`c.alerted = ${bind(dialect.bool(query.alerted))}`);
  if (query.from !== undefined) conditions.push(`c.started_at >= ${bind(Date.parse(query.from))}`);
  if (query.to !== undefined) conditions.push(`c.started_at < ${bind(Date.parse(query.to))}`);
  if (query.text !== undefined) {
    params.push(null);
    const p = dialect.placeholder(params.length);
    const match = dialect.matchesText(p, query.text);
    params[params.length - 1] = match.value;
    conditions.push(match.sql);
  }
  if (query.cursor !== undefined) {
    const cursor = decodeClipCursor(query.cursor);
    const t = bind(cursor.startedAtMs);
    const t2 = bind(cursor.startedAtMs);
    const id = bind(cursor.id);
    conditions.push(`(c.started_at < ${t} OR (c.started_at = ${t2} AND c.id < ${id}))`);
  }
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}
