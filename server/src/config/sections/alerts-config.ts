import { z } from 'zod';
import type { CamelCasedDeep } from '../camel-case-keys.js';
import { ActivityTypeSchema } from '../../core/analysis.js';
import { RiskLevelSchema } from '../../core/risk-level.js';

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export const QuietHoursSchema = z
  .strictObject({
    start: z.string().regex(CLOCK_TIME, 'HH:MM (24 h)').describe('Start of quiet hours, local time (HH:MM)'),
    end: z.string().regex(CLOCK_TIME, 'HH:MM (24 h)').describe('End of quiet hours, local time (HH:MM); before start = over midnight'),
    min_risk: RiskLevelSchema.default('critical').describe('During quiet hours only this risk level or higher alerts'),
  })
  .describe('A daily window in which only the most serious clips alert');
export type QuietHoursConfig = CamelCasedDeep<z.output<typeof QuietHoursSchema>>;

const policyFields = {
  min_risk: RiskLevelSchema.describe('Lowest VLM risk level that alerts'),
  always_alert_activities: z.array(ActivityTypeSchema).describe('VLM activity types that alert whatever their risk'),
  alert_on_trigger_without_analysis: z
    .boolean()
    .describe('When the VLM failed or was skipped, a clip with a trigger label alerts (detector-only alerting)'),
  cooldown_s: z
    .number()
    .int()
    .min(0)
    .describe('Seconds after an alert during which a camera does not alert again at the same or lower risk'),
  quiet_hours: QuietHoursSchema.nullable(),
};

export const AlertOverrideSchema = z
  .strictObject({
    camera: z.string().min(1).describe('Camera these settings apply to'),
    min_risk: policyFields.min_risk.optional(),
    always_alert_activities: policyFields.always_alert_activities.optional(),
    alert_on_trigger_without_analysis: policyFields.alert_on_trigger_without_analysis.optional(),
    cooldown_s: policyFields.cooldown_s.optional(),
    quiet_hours: policyFields.quiet_hours.optional().describe('Quiet window for this camera; null = none'),
    require_zones: z
      .array(z.string().min(1))
      .optional()
      .describe("Alert only when a moving trigger object entered one of these zones (the camera's `zones`); the early alert too"),
  })
  .describe('Per-camera alert settings; only the fields set replace the global ones');
export type AlertOverride = CamelCasedDeep<z.output<typeof AlertOverrideSchema>>;

/** Entities whose state says whether someone is home: `home` means home, anything else away. */
const PRESENCE_ENTITY = /^(person|group|device_tracker)\.[a-z0-9_]+$/;

export const ArmingConfigSchema = z
  .strictObject({
    mode: z
      .enum(['manual', 'away', 'schedule'])
      .default('manual')
      .describe(
        'How cameras are armed: manual = only by the switch and the dashboard; away = armed while nobody is home (from Home Assistant); schedule = armed during quiet_hours',
      ),
    presence_entities: z
      .array(z.string().regex(PRESENCE_ENTITY, 'a person.*, group.* or device_tracker.* entity id'))
      .default([])
      .describe("Mode away: armed while none of these is 'home'; empty = follow zone.home (the number of persons at home)"),
  })
  .prefault({})
  .describe('Arming by who is home or by the clock; the switch and the dashboard still override until the next change');
export type ArmingConfig = CamelCasedDeep<z.output<typeof ArmingConfigSchema>>;

export const AlertsConfigSchema = z
  .strictObject({
    min_risk: policyFields.min_risk.default('medium'),
    always_alert_activities: policyFields.always_alert_activities.default(['dangerous_activity']),
    alert_on_trigger_without_analysis: policyFields.alert_on_trigger_without_analysis.default(true),
    cooldown_s: policyFields.cooldown_s.default(120),
    quiet_hours: policyFields.quiet_hours.default(null).describe('Daily quiet window (local time); null = none'),
    overrides: z.array(AlertOverrideSchema).default([]).describe('Per-camera alert settings'),
    early: z
      .boolean()
      .default(true)
      .describe("Send the first alert as soon as the detector confirms a trigger label; the vision model's verdict follows as an update"),
    wait_for_vlm_s: z
      .number()
      .min(0)
      .max(120)
      .default(0)
      .describe('Hold the first alert until the vision model answers or this many seconds pass; 0 = send at once'),
    arming: ArmingConfigSchema,
  })
  .superRefine((alerts, ctx) => {
    if (alerts.arming.mode === 'schedule' && alerts.quiet_hours === null)
      ctx.addIssue({ code: 'custom', path: ['arming', 'mode'], message: 'schedule arms during quiet_hours: set alerts.quiet_hours' });
  })
  .prefault({});
export type AlertsConfig = CamelCasedDeep<z.output<typeof AlertsConfigSchema>>;
