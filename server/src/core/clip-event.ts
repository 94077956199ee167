import { z } from 'zod';

/** Lifecycle event types, append-only per clip. */
export const CLIP_EVENT_TYPES = [
  'clip_received',
  'clip_stored',
  'stage_succeeded',
  'stage_skipped',
  'stage_failed',
  'notification_delivered',
  'notification_failed',
  'clip_done',
  'clip_failed',
  'clip_deleted',
  'clip_requeued',
] as const;
export const ClipEventTypeSchema = z.enum(CLIP_EVENT_TYPES);
export type ClipEventType = z.infer<typeof ClipEventTypeSchema>;

export const ClipEventSchema = z.object({
  /** Globally unique, assigned by the repository: replaying a journal never duplicates an event. */
  id: z.string().min(1),
  clipId: z.string().min(1),
  type: ClipEventTypeSchema,
  at: z.iso.datetime({ offset: true }),
  data: z.record(z.string(), z.unknown()),
});
export type ClipEvent = z.infer<typeof ClipEventSchema>;
