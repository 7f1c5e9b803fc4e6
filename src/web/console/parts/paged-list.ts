/**
 * A paged list of the API (`{items, nextCursor}`) read page by page ("Show more"), for the admin
 * tables. The pages sit under the path's query key, so invalidating `apiQueryKey('/users')` (or its
 * prefix) refreshes them.
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { type ApiError, apiQueryKey, useApi } from '../api/use-api.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The path of one page: `/users?limit=50&cursor=…`. */
export function pagePath(path: string, limit: number, cursor: string | null): string {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor) query.set('cursor', cursor);
  return `${path}${path.includes('?') ? '&' : '?'}${query.toString()}`;
}

/** Every item of the pages read so far, and whether the list is whole (no page left to read). */
export function itemsOf<T>(pages: readonly Page<T>[] | undefined): { items: T[]; complete: boolean } {
  if (!pages || pages.length === 0) return { items: [], complete: false };
  return { items: pages.flatMap((page) => page.items), complete: pages.at(-1)?.nextCursor === null };
}

export function usePagedList<T>(path: string, limit = 50) {
  const api = useApi();
  return useInfiniteQuery<Page<T>, ApiError>({
    queryKey: [...apiQueryKey(path), 'paged', limit],
    queryFn: ({ pageParam }) => api.get<Page<T>>(pagePath(path, limit, (pageParam as string | null) ?? null)),
    initialPageParam: null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
