import { z } from 'zod';
import { ClipStatusSchema } from './clip.js';
import { RiskLevelSchema } from './risk-level.js';

/** Filters for listing clips; all optional and combined with AND. Newest first, keyset paginated. */
export const ClipQuerySchema = z.strictObject({
  camera: z.string().min(1).optional(),
  status: ClipStatusSchema.optional(),
  label: z.string().min(1).optional(),
  minRisk: RiskLevelSchema.optional(),
  alerted: z.boolean().optional(),
  /** Inclusive lower bound on the clip's start time (ISO 8601). */
  from: z.iso.datetime({ offset: true }).optional(),
  /** Exclusive upper bound on the clip's start time (ISO 8601). */
  to: z.iso.datetime({ offset: true }).optional(),
  /** Words to find in the VLM title, summary and observations. */
  text: z.string().min(1).max(200).optional(),
  limit: z.number().int().min(1).max(500).default(50),
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: z.string().min(1).optional(),
});
export type ClipQuery = z.input<typeof ClipQuerySchema>;
export type ParsedClipQuery = z.output<typeof ClipQuerySchema>;
