import type { ClipEventType, ClipStatus, HealthStatus, RiskLevel, StageName } from './contract';

// Runtime lists of the server's enums, without importing the server's code (it would bring zod into the bundle).
// Each table is checked with `satisfies Record<Union, ...>`: a value added to or removed from a server enum
// fails the web's typecheck here, instead of drifting silently. Key order is the order shown.

/** Every member of a string union, in the order of a record the compiler has checked covers it exactly. */
function membersOf<K extends string>(table: Readonly<Record<K, unknown>>): readonly K[] {
  return Object.keys(table) as K[];
}

export const RISK_WORDS = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
} as const satisfies Record<RiskLevel, string>;
/** Lowest first, as the server ranks them (`minRisk=high` means high or critical). */
export const RISK_LEVELS = membersOf(RISK_WORDS);

export function riskRank(level: RiskLevel): number {
  return RISK_LEVELS.indexOf(level);
}

/** The pipeline's stages in the order it runs them (deciding and alerting are the event's, not a clip stage). */
export const STAGE_WORDS = {
  upload: 'Upload',
  detect: 'Detect',
  analyze: 'Analyze',
} as const satisfies Record<StageName, string>;
export const STAGE_NAMES = membersOf(STAGE_WORDS);

export function isStageName(value: string): value is StageName {
  return Object.hasOwn(STAGE_WORDS, value);
}

export const STATUS_WORDS = {
  queued: 'Queued',
  processing: 'Processing',
  done: 'Done',
  failed: 'Failed',
  deleted: 'Deleted',
} as const satisfies Record<ClipStatus, string>;
/** The statuses the timeline filter offers (deleted clips are not listed). */
export const FILTER_STATUSES = membersOf(STATUS_WORDS).filter((status) => status !== 'deleted');

export const HEALTH_WORDS = {
  healthy: 'Working',
  degraded: 'Working with problems',
  unhealthy: 'Not working',
} as const satisfies Record<HealthStatus, string>;

export const EVENT_WORDS = {
  clip_received: 'Received',
  clip_stored: 'Stored in the media folder',
  stage_succeeded: 'Stage finished',
  stage_skipped: 'Stage skipped',
  stage_failed: 'Stage failed',
  notification_delivered: 'Notification delivered',
  notification_failed: 'Notification failed',
  clip_done: 'Done',
  clip_failed: 'Failed',
  clip_deleted: 'Deleted',
  clip_requeued: 'Queued again after a restart',
} as const satisfies Record<ClipEventType, string>;
