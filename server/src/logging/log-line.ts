import { LOG_LEVEL_VALUES, StoredLogLevelSchema, type LogRecord } from '../core/log-store.js';

/** Longest line kept whole; longer records keep their columns and message, not their fields. */
const MAX_LINE_CHARS = 16_384;
const MAX_MSG_CHARS = 2_000;
// Fields that become columns, or that every record carries.
const LIFTED = new Set(['level', 'time', 'msg', 'service', 'event_type', 'camera', 'clip_id']);

/**
 * Turns one pino JSON line into a database record when it should be kept: at or above `minLevel`,
 * or carrying an `event_type`. Lines are already redacted by the logger.
 */
export function parseLogLine(line: string, minLevel: number): LogRecord | null {
  if (isSkippedCheaply(line, minLevel)) return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  const level = StoredLogLevelSchema.safeParse(record.level);
  if (!level.success) return null;
  const eventType = textOrNull(record.event_type);
  if (LOG_LEVEL_VALUES[level.data] < minLevel && eventType === null) return null;
  const time = typeof record.time === 'string' && !Number.isNaN(Date.parse(record.time)) ? record.time : new Date().toISOString();
  return {
    time,
    level: level.data,
    msg: (textOrNull(record.msg) ?? '').slice(0, MAX_MSG_CHARS),
    eventType,
    camera: textOrNull(record.camera),
    clipId: textOrNull(record.clip_id),
    data: line.length > MAX_LINE_CHARS ? { truncated: true, chars: line.length } : otherFields(record),
  };
}

/** pino writes the level first: most debug and info lines are skipped without parsing them. */
function isSkippedCheaply(line: string, minLevel: number): boolean {
  const label = /^\{"level":"([a-z]+)"/.exec(line)?.[1];
  const level = StoredLogLevelSchema.safeParse(label);
  return level.success && LOG_LEVEL_VALUES[level.data] < minLevel && !line.includes('"event_type"');
}

function otherFields(record: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!LIFTED.has(key)) data[key] = value;
  return data;
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
