import { z } from 'zod';
import { RiskLevelSchema } from './risk-level.js';

/** The seed's activity enum (seed-reference section 7), kept so existing automations keep matching. */
export const ACTIVITY_TYPES = [
  'normal_delivery',
  'normal_visitor',
  'passerby',
  'suspicious_behavior',
  'dangerous_activity',
  'no_activity',
  'unknown',
] as const;
export const ActivityTypeSchema = z.enum(ACTIVITY_TYPES);
export type ActivityType = z.infer<typeof ActivityTypeSchema>;

export const ENTITY_TYPES = ['person', 'vehicle', 'animal', 'package', 'object', 'unknown'] as const;

export const AnalysisEntitySchema = z.object({
  type: z.enum(ENTITY_TYPES),
  description: z.string(),
  firstSeenS: z.number().nullable(),
  lastSeenS: z.number().nullable(),
  movement: z.string(),
  interaction: z.string(),
});
export type AnalysisEntity = z.infer<typeof AnalysisEntitySchema>;

export const TokenUsageSchema = z.object({
  promptTokens: z.number().int().min(0),
  completionTokens: z.number().int().min(0),
  costUsd: z.number().min(0),
});
export type TokenUsage = z.infer<typeof TokenUsageSchema>;

/** The VLM's verdict on one clip, as stored with the clip (camelCase; the wire format lives in analyze/). */
export const AnalysisSchema = z.object({
  /** One short line for notifications. */
  title: z.string(),
  summary: z.string(),
  riskLevel: RiskLevelSchema,
  activity: ActivityTypeSchema,
  observations: z.array(z.string()),
  entities: z.array(AnalysisEntitySchema),
  requiresReview: z.boolean(),
  model: z.string(),
  framesSent: z.number().int().min(0),
  usage: TokenUsageSchema,
});
export type Analysis = z.infer<typeof AnalysisSchema>;
