import { z } from 'zod';
import {
  LOG_LEVEL_VALUES,
  StoredLogLevelSchema,
  type LogRecord,
  type ParsedLogQuery,
  type StoredLogLevel,
  type StoredLogRecord,
  decodeLogCursor,
} from '../core/log-store.js';

/** A `logs` row as both backends return it (Postgres gives bigint as text and jsonb parsed). */
const LogRowSchema = z.object({
  id: z.coerce.number().int(),
  at: z.coerce.number(),
  level: z.coerce.number().int(),
  event_type: z.string().nullable(),
  camera: z.string().nullable(),
  clip_id: z.string().nullable(),
  msg: z.string(),
  data: z.union([z.string().transform((text) => JSON.parse(text) as unknown), z.record(z.string(), z.unknown())]),
});

export function levelName(value: number): StoredLogLevel {
  const found = Object.entries(LOG_LEVEL_VALUES).find(([, v]) => v === value);
  return StoredLogLevelSchema.parse(found?.[0] ?? 'info');
}

export function parseLogRow(row: unknown): StoredLogRecord {
  const r = LogRowSchema.parse(row);
  const data = z.record(z.string(), z.unknown()).catch({}).parse(r.data);
  return {
    id: r.id,
    time: new Date(r.at).toISOString(),
    level: levelName(r.level),
    msg: r.msg,
    eventType: r.event_type,
    camera: r.camera,
    clipId: r.clip_id,
    data,
  };
}

/** Column values of a record, in insert order (at, level, event_type, camera, clip_id, msg, data). */
export function logColumns(record: LogRecord): [number, number, string | null, string | null, string | null, string, string] {
  return [
    Date.parse(record.time),
    LOG_LEVEL_VALUES[record.level],
    record.eventType,
    record.camera,
    record.clipId,
    record.msg,
    JSON.stringify(record.data),
  ];
}

/** WHERE clause and parameters of a log listing, with the dialect's placeholder style. */
export function buildLogFilter(query: ParsedLogQuery, placeholder: (n: number) => string): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    clauses.push(sql(placeholder(params.length)));
  };
  if (query.level) add((p) => `level >= ${p}`, LOG_LEVEL_VALUES[query.level]);
  if (query.camera) add((p) => `camera = ${p}`, query.camera);
  if (query.clipId) add((p) => `clip_id = ${p}`, query.clipId);
  if (query.eventType) add((p) => `event_type = ${p}`, query.eventType);
  if (query.from) add((p) => `at >= ${p}`, Date.parse(query.from));
  if (query.to) add((p) => `at < ${p}`, Date.parse(query.to));
  if (query.cursor) add((p) => `id < ${p}`, decodeLogCursor(query.cursor));
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}
