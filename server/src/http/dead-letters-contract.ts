/**
 * The dead-letters API contract (writes the clip store refused for good, set aside): zod for the
 * input, types for the answers. Like contract.ts, the web imports only types from here.
 */
import { z } from 'zod';

export const DeadLetterSchema = z.object({
  id: z.number(),
  journalSeq: z.number(),
  kind: z.string().nullable(),
  clipId: z.string().nullable(),
  reason: z.string(),
  at: z.string(),
});
export type DeadLetterView = z.infer<typeof DeadLetterSchema>;

export const DeadLetterListResponseSchema = z.object({ deadLetters: z.array(DeadLetterSchema) });
export type DeadLetterListResponse = z.infer<typeof DeadLetterListResponseSchema>;

/** `POST /api/dead-letters/retry` body: some ids, or none for all. */
export const DeadLetterRetryBodySchema = z.strictObject({
  ids: z.array(z.number().int().min(1)).min(1).max(10_000).optional(),
});

export const DeadLetterRetryResponseSchema = z.object({
  /** Put back into the journal, written to the store next. */
  requeued: z.number(),
  /** Older clip states than one already stored: dropped, so a retry never turns a clip back. */
  superseded: z.number(),
  /** Entries that no longer parse: left aside. */
  unreadable: z.number(),
});
export type DeadLetterRetryResponse = z.infer<typeof DeadLetterRetryResponseSchema>;
