import { request, sendJson } from './api';
import type {
  CameraActivityResponse,
  EventDetail,
  EventListParams,
  EventListResponse,
  EventSummary,
  MarkAllBody,
  MarkAllResponse,
  NewRuleBody,
  ReviewCounts,
  RuleListResponse,
  RuleView,
  SettingsResponse,
  Verdict,
} from './review-contract';

/** The review API calls; components reach them through review-queries and the mutation hooks. */
export const reviewApi = {
  events(params: EventListParams, signal?: AbortSignal): Promise<EventListResponse> {
    return request('events', { signal }, params);
  },
  event(id: string, signal?: AbortSignal): Promise<EventDetail> {
    return request(`events/${encodeURIComponent(id)}`, { signal });
  },
  /** The event a clip was recorded for, or (a clip from before events existed) one made from the clip alone. */
  eventOfClip(clipId: string, signal?: AbortSignal): Promise<EventDetail> {
    return request(`clips/${encodeURIComponent(clipId)}/event`, { signal });
  },
  setReviewed(id: string, reviewed: boolean): Promise<EventSummary> {
    return sendJson('PUT', `events/${encodeURIComponent(id)}/reviewed`, { reviewed });
  },
  setFeedback(id: string, verdict: Verdict | null): Promise<EventSummary> {
    return sendJson('PUT', `events/${encodeURIComponent(id)}/feedback`, { verdict });
  },
  markAll(body: MarkAllBody): Promise<MarkAllResponse> {
    return sendJson('POST', 'review/mark-all', body);
  },
  counts(signal?: AbortSignal): Promise<ReviewCounts> {
    return request('review/counts', { signal });
  },
  cameraActivity(signal?: AbortSignal): Promise<CameraActivityResponse> {
    return request('review/cameras', { signal });
  },
  rules(signal?: AbortSignal): Promise<RuleListResponse> {
    return request('rules', { signal });
  },
  addRule(body: NewRuleBody): Promise<RuleView> {
    return sendJson('POST', 'rules', body);
  },
  deleteRule(id: string): Promise<void> {
    return request(`rules/${encodeURIComponent(id)}`, { method: 'DELETE' });
  },
  settings(signal?: AbortSignal): Promise<SettingsResponse> {
    return request('settings', { signal });
  },
};
