import { z } from 'zod';
import { InputError } from './errors.js';

/** pino's level names and numbers (the JSON lines carry the name; the store filters on the number). */
export const LOG_LEVEL_VALUES = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;
export type StoredLogLevel = keyof typeof LOG_LEVEL_VALUES;
export const StoredLogLevelSchema = z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);

/** One log record as the database keeps it: a few columns to filter on, the whole (redacted) record as data. */
export interface LogRecord {
  /** ISO 8601 time of the record. */
  readonly time: string;
  readonly level: StoredLogLevel;
  readonly msg: string;
  readonly eventType: string | null;
  readonly camera: string | null;
  readonly clipId: string | null;
  /** The record's other fields (component, err, stage, ...), already redacted by the logger. */
  readonly data: Record<string, unknown>;
}

export interface StoredLogRecord extends LogRecord {
  /** Increasing with insertion order; the keyset of the listing. */
  readonly id: number;
}

/** Filters for listing logs; newest first, keyset paginated on id. */
export const LogQuerySchema = z.strictObject({
  /** Minimum level: `warn` lists warnings, errors and fatal records. */
  level: StoredLogLevelSchema.optional(),
  camera: z.string().min(1).optional(),
  clipId: z.string().min(1).optional(),
  eventType: z.string().min(1).optional(),
  /** Inclusive lower bound on the record time (ISO 8601). */
  from: z.iso.datetime({ offset: true }).optional(),
  /** Exclusive upper bound on the record time (ISO 8601). */
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.number().int().min(1).max(500).default(100),
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: z.string().min(1).optional(),
});
export type LogQuery = z.input<typeof LogQuerySchema>;
export type ParsedLogQuery = z.output<typeof LogQuerySchema>;

export interface LogPage {
  readonly logs: StoredLogRecord[];
  readonly nextCursor: string | null;
}

/**
 * Where log records are kept for the dashboard: the `logs` table of the clip store's database
 * (SQLite file or Postgres). Methods throw StoreUnavailableError when the database cannot be reached.
 */
export interface LogStore {
  readonly description: string;
  /** Connects; the `logs` table comes from the clip store's migrations. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Inserts the records in one transaction. */
  insert(records: readonly LogRecord[]): Promise<void>;
  list(query: ParsedLogQuery): Promise<LogPage>;
  /** Deletes records older than `before`; returns how many. */
  deleteOlderThan(before: Date): Promise<number>;
}

export function encodeLogCursor(id: number): string {
  return Buffer.from(String(id)).toString('base64url');
}

/** The id below which the next page starts. */
export function decodeLogCursor(text: string): number {
  const id = Number(Buffer.from(text, 'base64url').toString('utf8'));
  if (!Number.isSafeInteger(id) || id <= 0) throw new InputError('cursor: not a cursor returned by this server');
  return id;
}
