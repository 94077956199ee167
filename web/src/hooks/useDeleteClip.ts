import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api';
import { queryKeys } from '../queries';

/** Deletes a clip and its files, then leaves its page; the socket's `clip:deleted` takes it out of every list. */
export function useDeleteClip(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.deleteClip(id),
    onSuccess: () => {
      window.location.hash = '#/clips';
      client.removeQueries({ queryKey: queryKeys.clip(id) });
    },
  });
}
