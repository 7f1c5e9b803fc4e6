/** /admin/stores: every store with its state, zone, data profile, POS vendor and sync health. */
import './admin-sync.css';
import { Badge, Button, Table, Text } from '@radix-ui/themes';
import { Link, useLocation } from 'wouter';
import { useApiQuery } from '../../api/use-api.ts';
import { DataTable } from '../../parts/data-table.tsx';
import { PageHeader } from '../../parts/page-header.tsx';
import { EmptyState, LoadingRows, ProblemCallout } from '../../parts/page-states.tsx';
import { HEALTH_COLORS, HEALTH_LABELS, type Page, type Store, type StoreHealth, when } from './admin-sync-types.ts';

export function StoresListPage() {
  const [, navigate] = useLocation();
  const stores = useApiQuery<Page<Store>>('/stores?limit=200');
  const health = useApiQuery<{ items: StoreHealth[] }>('/sync-health');
  const healthOf = new Map((health.data?.items ?? []).map((h) => [h.storeId, h]));
  return (
    <>
      <PageHeader
        title="Stores"
        subtitle="Each store's time zone, data profile and POS integration."
        actions={
          <Button highContrast onClick={() => navigate('/admin/stores/new')}>
            New store
          </Button>
        }
      />
      {stores.isPending ? <LoadingRows /> : null}
      {stores.error ? <ProblemCallout failure={stores.error.failure} onRetry={() => stores.refetch()} /> : null}
      {stores.data && stores.data.items.length === 0 ? (
        <EmptyState title="No stores yet.">Add the first one.</EmptyState>
      ) : null}
      {stores.data && stores.data.items.length > 0 ? (
        <DataTable label="Stores">
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeaderCell>Name</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>State</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Time zone</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Data profile</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>POS</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Sync</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Last sync</Table.ColumnHeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {stores.data.items.map((store) => {
              const h = healthOf.get(store.id);
              return (
                <Table.Row key={store.id}>
                  <Table.RowHeaderCell>
                    <Link href={`/admin/stores/${store.id}`}>{store.name}</Link>
                  </Table.RowHeaderCell>
                  <Table.Cell>{store.address?.state ?? '—'}</Table.Cell>
                  <Table.Cell>{store.timezone}</Table.Cell>
                  <Table.Cell>{store.dataProfile}</Table.Cell>
                  <Table.Cell>{h?.vendor ?? <Text color="gray">None</Text>}</Table.Cell>
                  <Table.Cell>
                    {h ? (
                      <Badge highContrast color={h.enabled ? HEALTH_COLORS[h.status] : 'gray'}>
                        {h.enabled ? HEALTH_LABELS[h.status] : 'Disabled'}
                        {h.errors24h > 0 ? ` · ${h.errors24h} errors 24 h` : ''}
                      </Badge>
                    ) : (
                      '—'
                    )}
                  </Table.Cell>
                  <Table.Cell>{when(h?.lastSyncAt ?? null)}</Table.Cell>
                </Table.Row>
              );
            })}
          </Table.Body>
        </DataTable>
      ) : null}
    </>
  );
}
