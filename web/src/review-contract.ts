// The server's review contract, types only (see contract.ts): events, reviewed flags, feedback, rules, settings.
import type { EventDetail, EventListQuery, EventSummary } from '../../server/src/http/contract.js';

export type { EventDetail, EventListResponse, EventSummary } from '../../server/src/http/contract.js';
export type {
  CameraActivity,
  CameraActivityResponse,
  FeedbackBody,
  MarkAllBody,
  MarkAllResponse,
  NewRuleBody,
  ReviewCounts,
  RuleListResponse,
  RuleView,
  SettingsResponse,
} from '../../server/src/http/review-contract.js';

export type CameraEvent = EventDetail['event'];
export type DetectionMoment = CameraEvent['moments'][number];
export type Verdict = NonNullable<EventSummary['feedback']>['verdict'];
export type EventListParams = Partial<Record<keyof EventListQuery, string>>;
