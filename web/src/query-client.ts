import { QueryClient } from '@tanstack/react-query';
import { ApiFailure } from './api';

/** The dashboard's one query cache. A 4xx answer is final (a deleted clip, a bad filter); other failures retry once. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        retry: (failures, error) => failures < 1 && !(error instanceof ApiFailure && error.status < 500),
      },
      mutations: { retry: false },
    },
  });
}
