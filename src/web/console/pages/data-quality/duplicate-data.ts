/** The reads the duplicates pages share: one customer, its POS links, the stores' names. */
import { useApiQuery } from '../../api/use-api.ts';
import type { MergeCustomer, PosLink } from './merge-plan.ts';

export function useCustomer(id: string | null) {
  return useApiQuery<MergeCustomer>(id ? `/customers/${id}` : null);
}

export function useLinks(id: string | null) {
  return useApiQuery<{ items: PosLink[] }>(id ? `/customers/${id}/sync?limit=200` : null);
}

export function useStoreName(): (id: string) => string {
  const stores = useApiQuery<{ items: { id: string; name: string }[] }>('/stores?limit=200');
  return (id) => stores.data?.items.find((s) => s.id === id)?.name ?? 'Unknown store';
}
