/**
 * The review API contract: reviewed flags, "mark all reviewed", false-alarm / correct feedback, the
 * feedback rules, camera activity and the effective settings. Like contract.ts, the web imports only
 * types from here.
 */
import { z } from 'zod';
import { FeedbackRuleSchema, RULE_DURATIONS } from '../core/feedback-rule.js';
import { EventSummarySchema } from './contract.js';

const isoDateTime = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time with a time zone, e.g. 2026-11-21T10:00:00Z' });

/** `PUT /api/events/:id/reviewed` */
export const ReviewedBodySchema = z.strictObject({ reviewed: z.boolean({ error: 'expected true or false' }) });

/** `PUT /api/events/:id/feedback`: null takes the verdict back. */
export const FeedbackBodySchema = z.strictObject({
  verdict: z.enum(['false_alarm', 'correct'], { error: 'expected false_alarm, correct or null' }).nullable(),
});
export type FeedbackBody = z.infer<typeof FeedbackBodySchema>;

/** `POST /api/review/mark-all`: the tab's filters; only events that started before `before` (what the user saw). */
export const MarkAllBodySchema = z.strictObject({
  camera: z.string().min(1).max(64).optional(),
  alerted: z.boolean().optional(),
  triggered: z.boolean().optional(),
  before: isoDateTime,
});
export type MarkAllBody = z.infer<typeof MarkAllBodySchema>;

export const MarkAllResponseSchema = z.object({ marked: z.number().int().min(0) });
export type MarkAllResponse = z.infer<typeof MarkAllResponseSchema>;

/** `GET /api/review/counts`: what the header and the tabs show. */
export const ReviewCountsSchema = z.object({
  unreviewedAlerts: z.number().int().min(0),
  unreviewedDetections: z.number().int().min(0),
  unreviewed: z.number().int().min(0),
});
export type ReviewCounts = z.infer<typeof ReviewCountsSchema>;

/** `POST /api/rules`: a rule made from an event's label and box ("area") or for the whole camera. */
export const NewRuleBodySchema = z.strictObject({
  eventId: z.string().min(1).max(200),
  label: z.string().min(1).max(64),
  scope: z.enum(['area', 'camera'], { error: 'expected area or camera' }),
  /** How long the rule applies: a day, a week or for ever (the default). */
  duration: z.enum(RULE_DURATIONS, { error: 'expected 1d, 1w or forever' }).default('forever'),
  /** Also skip the paid vision-model call for what the rule ignores (off by default). */
  skipAnalysis: z.boolean({ error: 'expected true or false' }).default(false),
});
export type NewRuleBody = z.input<typeof NewRuleBodySchema>;

export const RuleIdParamsSchema = z.strictObject({ id: z.string().min(1).max(100) });

/** A rule with its words, as the Settings page and the event page show it. */
export const RuleViewSchema = FeedbackRuleSchema.extend({ description: z.string() });
export type RuleView = z.infer<typeof RuleViewSchema>;

export const RuleListResponseSchema = z.object({ rules: z.array(RuleViewSchema) });
export type RuleListResponse = z.infer<typeof RuleListResponseSchema>;

/** `GET /api/review/cameras`: per camera, its newest event and today's counts (the server's local day). */
export const CameraActivitySchema = z.object({
  camera: z.string(),
  lastEvent: EventSummarySchema.nullable(),
  eventsToday: z.number().int().min(0),
  alertsToday: z.number().int().min(0),
});
export type CameraActivity = z.infer<typeof CameraActivitySchema>;
export const CameraActivityResponseSchema = z.object({ cameras: z.array(CameraActivitySchema) });
export type CameraActivityResponse = z.infer<typeof CameraActivityResponseSchema>;

/** `GET /api/settings`: the effective configuration in the user's words (snake_case), every secret masked. */
export const SettingsResponseSchema = z.object({
  config: z.record(z.string(), z.unknown()),
  /** Dotted paths of the values that were masked, e.g. `mqtt.password`. */
  masked: z.array(z.string()),
});
export type SettingsResponse = z.infer<typeof SettingsResponseSchema>;
