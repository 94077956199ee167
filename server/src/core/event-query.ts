import { z } from 'zod';
import { RiskLevelSchema } from './risk-level.js';
import type { CameraEvent } from './camera-event.js';

/** Filters for listing events; all optional and combined with AND. Newest first, keyset paginated. */
export const EventQuerySchema = z.strictObject({
  camera: z.string().min(1).optional(),
  /** true: events that sent an alert; false: those that did not. */
  alerted: z.boolean().optional(),
  /** true: events in which a trigger label was confirmed ("detections"). */
  triggered: z.boolean().optional(),
  reviewed: z.boolean().optional(),
  status: z.enum(['active', 'closed']).optional(),
  minRisk: RiskLevelSchema.optional(),
  label: z.string().min(1).optional(),
  /** Inclusive lower bound on the event's start (ISO 8601). */
  from: z.iso.datetime({ offset: true }).optional(),
  /** Exclusive upper bound on the event's start (ISO 8601). */
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.number().int().min(1).max(500).default(50),
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: z.string().min(1).optional(),
});
export type EventQuery = z.input<typeof EventQuerySchema>;
export type ParsedEventQuery = z.output<typeof EventQuerySchema>;

export interface EventPage {
  readonly events: CameraEvent[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  readonly nextCursor: string | null;
}
