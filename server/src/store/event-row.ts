import { CameraEventSchema, eventAlerted, type CameraEvent } from '../core/camera-event.js';
import { decodeClipCursor } from '../core/clip-cursor.js';
import { StoreUnavailableError } from '../core/errors.js';
import type { ParsedEventQuery } from '../core/event-query.js';
import { riskRank } from '../core/risk-level.js';

/** The typed columns both stores keep beside an event's JSON document, for filtering and ordering. */
export interface EventColumns {
  readonly id: string;
  readonly camera: string;
  readonly startedAtMs: number;
  readonly status: string;
  readonly triggered: boolean;
  readonly alerted: boolean;
  readonly reviewed: boolean;
  readonly risk: number | null;
  /** Labels between spaces (` person car `): a LIKE finds one in either database. */
  readonly labels: string;
  readonly updatedAtMs: number;
}

export function eventColumns(event: CameraEvent): EventColumns {
  return {
    id: event.id,
    camera: event.camera,
    startedAtMs: Date.parse(event.startedAt),
    status: event.status,
    triggered: event.triggered,
    alerted: eventAlerted(event),
    reviewed: event.reviewedAt !== null,
    risk: event.analysis ? riskRank(event.analysis.riskLevel) : null,
    labels: ` ${event.labels.map((l) => l.label).join(' ')} `,
    updatedAtMs: Date.parse(event.updatedAt),
  };
}

export function parseEventDocument(json: unknown, id: string): CameraEvent {
  const value = typeof json === 'string' ? (JSON.parse(json) as unknown) : json;
  const parsed = CameraEventSchema.safeParse(value);
  if (!parsed.success) {
    throw new StoreUnavailableError(`event ${id}: stored document does not match the event schema: ${parsed.error.message}`);
  }
  return parsed.data;
}

/**
 * WHERE clause for an event listing on table alias `e`, including the keyset cursor. `hasLabel` tests
 * one label of the event's document exactly, so a label of several words ("traffic light") is found
 * and a word of it ("light") is not.
 */
export function buildEventFilter(
  query: ParsedEventQuery,
  placeholder: (n: number) => string,
  bool: (value: boolean) => unknown,
  hasLabel: (p: string) => string,
): { where: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const bind = (value: unknown): string => {
    params.push(value);
    return placeholder(params.length);
  };
  if (query.camera !== undefined) conditions.push(`e.camera = ${bind(query.camera)}`);
  if (query.status !== undefined) conditions.push(`e.status = ${bind(query.status)}`);
  if (query.alerted !== undefined) conditions.push(`e.alerted = ${bind(bool(query.alerted))}`);
  if (query.triggered !== undefined) conditions.push(`e.triggered = ${bind(bool(query.triggered))}`);
  if (query.reviewed !== undefined) conditions.push(`e.reviewed = ${bind(bool(query.reviewed))}`);
  if (query.minRisk !== undefined) conditions.push(`e.risk >= ${bind(riskRank(query.minRisk))}`);
  if (query.label !== undefined) conditions.push(hasLabel(bind(query.label.trim().replace(/\s+/g, ' '))));
  if (query.from !== undefined) conditions.push(`e.started_at >= ${bind(Date.parse(query.from))}`);
  if (query.to !== undefined) conditions.push(`e.started_at < ${bind(Date.parse(query.to))}`);
  if (query.cursor !== undefined) {
    const cursor = decodeClipCursor(query.cursor);
    conditions.push(
      `(e.started_at < ${bind(cursor.startedAtMs)} OR (e.started_at = ${bind(cursor.startedAtMs)} AND e.id < ${bind(cursor.id)}))`,
    );
  }
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}
