import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, onUnauthorized } from '../api';
import type { LoginBody } from '../contract';
import { queryKeys, sessionQuery } from '../queries';
import { connectLive, disconnectLive } from '../socket';

/**
 * Whether the dashboard may be shown: no login needed (loopback, ingress) or logged in. The live socket
 * opens only then; any call answering 401 (an expired session) asks again, which shows the login.
 */
export function useSession() {
  const client = useQueryClient();
  const session = useQuery(sessionQuery);
  useEffect(() => onUnauthorized(() => client.invalidateQueries({ queryKey: queryKeys.session }).catch(() => undefined)), [client]);
  const open = session.data !== undefined && (!session.data.authRequired || session.data.authenticated);
  useEffect(() => {
    if (open) connectLive();
  }, [open]);
  return { session, open };
}

/** Logs in; on success the session is known at once and the dashboard appears. */
export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) => api.login(body),
    onSuccess: (session) => client.setQueryData(queryKeys.session, session),
  });
}

/** Logs out: closes the socket, forgets every answer and asks for the session again, which shows the login. */
export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.logout(),
    onSettled: () => {
      disconnectLive();
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== queryKeys.session[0] });
      return client.invalidateQueries({ queryKey: queryKeys.session });
    },
  });
}
