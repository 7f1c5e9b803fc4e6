/**
 * The console's calls to the public API, with the signed-in session's token. A 401 to that session
 * ends it (session-context.tsx). Reads go through TanStack Query (`useApiQuery`): cached per path,
 * with loading and error states, and cleared on sign-out so no one's data outlives the session.
 * A failed read throws `ApiError`, which carries the problem for the page to show.
 */
import { type QueryKey, type UseQueryOptions, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { type ApiFailure, type ApiRequest, type ApiResult, callApi } from '../../api/api-client.ts';
import { useSession } from '../session/session-context.tsx';

export class ApiError extends Error {
  constructor(readonly failure: ApiFailure) {
    super(failure.kind === 'network' ? 'network failure' : `${failure.status} ${failure.title}`);
  }
}

export interface ConsoleApi {
  /** Any call; the answer as a value (ok, or the failure). */
  call<T>(path: string, request?: Omit<ApiRequest, 'token'>): Promise<ApiResult<T>>;
  /** A read whose failure throws `ApiError` (for queries). */
  get<T>(path: string): Promise<T>;
}

export function useApi(): ConsoleApi {
  const { state, sessionEnded } = useSession();
  const token = state.status === 'signedIn' ? state.token : null;
  const call = useCallback(
    async <T>(path: string, request: Omit<ApiRequest, 'token'> = {}): Promise<ApiResult<T>> => {
      const answer = await callApi<T>(path, { ...request, token });
      if (!answer.ok && answer.failure.kind === 'problem' && answer.failure.status === 401 && token) sessionEnded();
      return answer;
    },
    [token, sessionEnded],
  );
  const get = useCallback(
    async <T>(path: string): Promise<T> => {
      const answer = await call<T>(path);
      if (!answer.ok) throw new ApiError(answer.failure);
      return answer.body;
    },
    [call],
  );
  return useMemo(() => ({ call, get }), [call, get]);
}

/** The query key of a GET of `path`: invalidate it (or a prefix of it) after a change. */
export function apiQueryKey(path: string): QueryKey {
  return ['api', ...path.split('?')[0]!.split('/').filter(Boolean), path];
}

/** A GET of `path` (null: not yet, e.g. until the person typed something). */
export function useApiQuery<T>(
  path: string | null,
  options: Omit<UseQueryOptions<T, ApiError>, 'queryKey' | 'queryFn' | 'enabled'> = {},
) {
  const api = useApi();
  return useQuery<T, ApiError>({
    queryKey: path === null ? ['api', 'idle'] : apiQueryKey(path),
    queryFn: () => api.get<T>(path as string),
    enabled: path !== null,
    ...options,
  });
}
