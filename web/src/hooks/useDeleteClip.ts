import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api';
import { queryKeys } from '../queries';
import { reviewKeys } from '../review-queries';

/**
 * Deletes a clip and its files; the socket's `clip:deleted` takes it out of every list. `leave`: the page showed
 * nothing else (a clip without an event), so the timeline is shown; otherwise its event's page is fetched again.
 */
export function useDeleteClip(id: string, leave: boolean) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.deleteClip(id),
    onSuccess: () => {
      if (leave) window.location.hash = '#/clips';
      client.removeQueries({ queryKey: queryKeys.clip(id) });
      client.invalidateQueries({ queryKey: reviewKeys.eventDetails }).catch(() => undefined);
    },
  });
}
