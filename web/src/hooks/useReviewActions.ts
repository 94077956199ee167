import { useMutation, useQueryClient } from '@tanstack/react-query';
import { reviewApi } from '../review-api';
import type { EventSummary, MarkAllBody, NewRuleBody, Verdict } from '../review-contract';
import { reviewKeys } from '../review-queries';
import { applyEventSummary } from '../socket';

// Each answer is the event's summary, the shape the socket's `event:updated` carries: it goes into the live state
// the same way, so every card and the header agree at once (the socket's own message may come a moment later).

export function useSetReviewed(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (reviewed: boolean) => reviewApi.setReviewed(id, reviewed),
    onSuccess: (event: EventSummary) => settle(client, event),
  });
}

/** The reviewed switch of any card (the event is named at call time). */
export function useToggleReviewed() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reviewed }: { readonly id: string; readonly reviewed: boolean }) => reviewApi.setReviewed(id, reviewed),
    onSuccess: (event: EventSummary) => settle(client, event),
  });
}

export function useSetFeedback(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (verdict: Verdict | null) => reviewApi.setFeedback(id, verdict),
    onSuccess: (event: EventSummary) => settle(client, event),
  });
}

/** Marks the tab's unreviewed events reviewed; the lists and counts are fetched again afterwards. */
export function useMarkAllReviewed() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: MarkAllBody) => reviewApi.markAll(body),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: reviewKeys.eventLists }).catch(() => undefined);
      client.invalidateQueries({ queryKey: reviewKeys.counts }).catch(() => undefined);
    },
  });
}

export function useAddRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewRuleBody) => reviewApi.addRule(body),
    onSuccess: () => client.invalidateQueries({ queryKey: reviewKeys.rules }),
  });
}

export function useDeleteRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => reviewApi.deleteRule(id),
    onSuccess: () => client.invalidateQueries({ queryKey: reviewKeys.rules }),
  });
}

function settle(client: ReturnType<typeof useQueryClient>, event: EventSummary): void {
  applyEventSummary(event);
  client.invalidateQueries({ queryKey: reviewKeys.counts }).catch(() => undefined);
  client.invalidateQueries({ queryKey: reviewKeys.event(event.id) }).catch(() => undefined);
}
