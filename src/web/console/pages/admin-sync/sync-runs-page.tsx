/** /admin/sync: sync health per store, and the runs (newest first, paged, by store). */
import './admin-sync.css';
import { Badge, Button, Flex, Heading, Table, Text } from '@radix-ui/themes';
import { useState } from 'react';
import { Link, useSearch } from 'wouter';
import { useApiQuery } from '../../api/use-api.ts';
import { DataTable } from '../../parts/data-table.tsx';
import { ChoiceSelect } from '../../parts/native-select.tsx';
import { PageHeader } from '../../parts/page-header.tsx';
import { EmptyState, LoadingRows, ProblemCallout } from '../../parts/page-states.tsx';
import {
  HEALTH_COLORS,
  HEALTH_LABELS,
  type Page,
  type Store,
  type StoreHealth,
  type SyncRun,
  when,
} from './admin-sync-types.ts';
import { STATUS_COLORS, STATUS_LABELS } from './sync-run-progress.ts';

const ALL = 'all';

export function SyncRunsPage() {
  const search = useSearch();
  const [storeId, setStoreId] = useState(new URLSearchParams(search).get('storeId') ?? ALL);
  const [cursors, setCursors] = useState<string[]>([]);
  const stores = useApiQuery<Page<Store>>('/stores?limit=200');
  const health = useApiQuery<{ items: StoreHealth[] }>('/sync-health', { refetchInterval: 10_000 });
  const query = new URLSearchParams({ limit: '20' });
  if (storeId !== ALL) query.set('storeId', storeId);
  const cursor = cursors.at(-1);
  if (cursor) query.set('cursor', cursor);
  const runs = useApiQuery<Page<SyncRun>>(`/sync-runs?${query}`, { refetchInterval: 5_000 });
  const nameOf = new Map((stores.data?.items ?? []).map((s) => [s.id, s.name]));

  return (
    <>
      <PageHeader title="Sync" subtitle="Each store's sync health, and every run with its counts." />
      <Heading as="h2" size="4" mb="2">
        Health per store
      </Heading>
      {health.isPending ? <LoadingRows rows={5} label="Loading sync health" /> : null}
      {health.error ? <ProblemCallout failure={health.error.failure} onRetry={() => health.refetch()} /> : null}
      {health.data ? (
        health.data.items.length === 0 ? (
          <EmptyState title="No store has a POS integration yet." />
        ) : (
          <DataTable label="Sync health per store">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeaderCell>Store</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>POS</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Health</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Last sync</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell justify="end">Errors 24 h</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell justify="end">Open conflicts</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell justify="end">Quarantined 24 h</Table.ColumnHeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {health.data.items.map((h) => (
                <Table.Row key={h.storeId}>
                  <Table.RowHeaderCell>
                    <Link href={`/admin/stores/${h.storeId}`}>{nameOf.get(h.storeId) ?? 'Store'}</Link>
                  </Table.RowHeaderCell>
                  <Table.Cell>{h.vendor}</Table.Cell>
                  <Table.Cell>
                    <Badge highContrast color={h.enabled ? HEALTH_COLORS[h.status] : 'gray'}>
                      {h.enabled ? HEALTH_LABELS[h.status] : 'Disabled'}
                    </Badge>
                    {h.lastError ? (
                      <Text as="p" size="1" color="red">
                        {h.lastError}
                      </Text>
                    ) : null}
                  </Table.Cell>
                  <Table.Cell>{when(h.lastSyncAt)}</Table.Cell>
                  <Table.Cell justify="end">{h.errors24h}</Table.Cell>
                  <Table.Cell justify="end">{h.openConflicts}</Table.Cell>
                  <Table.Cell justify="end">{h.quarantined24h}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </DataTable>
        )
      ) : null}

      <Flex justify="between" align="center" mt="5" mb="2" gap="3" wrap="wrap">
        <Heading as="h2" size="4">
          Runs
        </Heading>
        <ChoiceSelect
          label="Store"
          value={storeId}
          onChange={(value) => {
            setStoreId(value);
            setCursors([]);
          }}
          options={[
            { value: ALL, label: 'All stores' },
            ...(stores.data?.items ?? []).map((s) => ({ value: s.id, label: s.name })),
          ]}
        />
      </Flex>
      {runs.isPending ? <LoadingRows rows={8} label="Loading runs" /> : null}
      {runs.error ? <ProblemCallout failure={runs.error.failure} onRetry={() => runs.refetch()} /> : null}
      {runs.data && runs.data.items.length === 0 ? <EmptyState title="No sync runs yet." /> : null}
      {runs.data && runs.data.items.length > 0 ? (
        <DataTable label="Sync runs">
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeaderCell>Started</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Store</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Mode</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Status</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell justify="end">Fetched</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell justify="end">Created</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell justify="end">Updated</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell justify="end">Conflicts</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell justify="end">Errors</Table.ColumnHeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {runs.data.items.map((run) => (
              <Table.Row key={run.id}>
                <Table.RowHeaderCell>
                  <Link href={`/admin/sync/${run.id}`}>{when(run.startedAt ?? run.createdAt)}</Link>
                </Table.RowHeaderCell>
                <Table.Cell>{nameOf.get(run.storeId) ?? '—'}</Table.Cell>
                <Table.Cell>
                  {run.mode} · {run.trigger}
                </Table.Cell>
                <Table.Cell>
                  <Badge highContrast color={STATUS_COLORS[run.status]}>
                    {STATUS_LABELS[run.status]}
                  </Badge>
                </Table.Cell>
                <Table.Cell justify="end">{run.stats.fetched}</Table.Cell>
                <Table.Cell justify="end">{run.stats.created}</Table.Cell>
                <Table.Cell justify="end">{run.stats.updated}</Table.Cell>
                <Table.Cell justify="end">{run.stats.conflicts}</Table.Cell>
                <Table.Cell justify="end">{run.stats.errors}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </DataTable>
      ) : null}
      <Flex gap="2" mt="3">
        <Button variant="soft" disabled={cursors.length === 0} onClick={() => setCursors((was) => was.slice(0, -1))}>
          Newer
        </Button>
        <Button
          variant="soft"
          disabled={!runs.data?.nextCursor}
          onClick={() => runs.data?.nextCursor && setCursors((was) => [...was, runs.data.nextCursor as string])}
        >
          Older
        </Button>
      </Flex>
    </>
  );
}
