/**
 * The logs API contract (GET /api/logs): zod for the query, types for the answer. Like contract.ts,
 * the web imports only types from here.
 */
import { z } from 'zod';
import { StoredLogLevelSchema } from '../core/log-store.js';

const isoDateTime = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time with a time zone, e.g. 2026-11-21T10:00:00Z' });

/** `GET /api/logs` query: camelCase keys like every REST field; `level` is a minimum (`warn` = warnings, errors, fatal). */
export const LogListQuerySchema = z
  .strictObject({
    level: StoredLogLevelSchema.optional(),
    camera: z.string().min(1).max(64).optional(),
    clipId: z.string().min(1).max(200).optional(),
    eventType: z.string().min(1).max(100).optional(),
    from: isoDateTime.optional(),
    to: isoDateTime.optional(),
    limit: z.coerce.number({ error: 'expected a whole number from 1 to 500' }).int().min(1).max(500).default(100),
    cursor: z.string().min(1).max(100).optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) < Date.parse(q.to), {
    message: 'from must be earlier than to',
    path: ['from'],
  });
export type LogListQuery = z.output<typeof LogListQuerySchema>;

export const LogEntrySchema = z.object({
  id: z.number(),
  time: z.string(),
  level: StoredLogLevelSchema,
  msg: z.string(),
  eventType: z.string().nullable(),
  camera: z.string().nullable(),
  clipId: z.string().nullable(),
  /** The record's other fields (component, stage, err, ...), redacted when logged. */
  data: z.record(z.string(), z.unknown()),
});
export type LogEntry = z.infer<typeof LogEntrySchema>;

export const LogListResponseSchema = z.object({
  logs: z.array(LogEntrySchema),
  nextCursor: z.string().nullable(),
});
export type LogListResponse = z.infer<typeof LogListResponseSchema>;
