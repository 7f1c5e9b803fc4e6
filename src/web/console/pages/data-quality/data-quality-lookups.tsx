/** What the data-quality pages show beside an id: a store's name, a customer's name linking to their page. */
import { Skeleton, Text } from '@radix-ui/themes';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { type ApiError, apiQueryKey, useApi, useApiQuery } from '../../api/use-api.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A list endpoint read a page at a time ("Show more" asks for the next). */
export function usePagedList<T>(path: string) {
  const api = useApi();
  const separator = path.includes('?') ? '&' : '?';
  return useInfiniteQuery<Page<T>, ApiError>({
    queryKey: [...apiQueryKey(path), 'pages'],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api.get<Page<T>>(pageParam ? `${path}${separator}cursor=${encodeURIComponent(pageParam as string)}` : path),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useStoreNames(): Map<string, string> {
  const stores = useApiQuery<Page<{ id: string; name: string }>>('/stores?limit=200');
  return new Map((stores.data?.items ?? []).map((s) => [s.id, s.name]));
}

/** The customer's name, linking to their page (a merged or erased one says so). */
export function CustomerLink({ customerId }: { customerId: string }) {
  const customer = useApiQuery<{ firstName: string; lastName: string; preferredName: string | null }>(
    `/customers/${customerId}`,
    { retry: false },
  );
  if (customer.isPending) return <Skeleton>Firstname Lastname</Skeleton>;
  if (customer.isError) {
    return (
      <Text color="gray" size="2">
        No longer held (merged or erased)
      </Text>
    );
  }
  const { preferredName, firstName, lastName } = customer.data;
  return <Link href={`/customers/${customerId}`}>{`${preferredName ?? firstName} ${lastName}`}</Link>;
}

export function formatWhen(iso: string): string {
  return new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
}
