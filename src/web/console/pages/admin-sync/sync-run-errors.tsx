/**
 * A run's errors on its page (GET /sync-runs/{id}/errors): the records the run quarantined, with
 * their POS id and the reason (which names fields, never values), then the run's own error. Read
 * again every few seconds while the run goes on, and once more when it ends; "Show more" reads the
 * next page.
 */
import { Badge, Button, Card, Code, Flex, Heading, Table, Text } from '@radix-ui/themes';
import { useEffect } from 'react';
import { DataTable } from '../../parts/data-table.tsx';
import { EmptyState, LoadingRows, ProblemCallout } from '../../parts/page-states.tsx';
import { itemsOf, usePagedList } from '../../parts/paged-list.ts';
import { when } from './admin-sync-types.ts';

interface RunError {
  at: string;
  kind: 'quarantined' | 'run';
  externalId?: string | null;
  reason: string;
}

const KIND_LABELS = { quarantined: 'Record quarantined', run: 'Run error' } as const;

export function SyncRunErrors({ runId, live }: { runId: string; live: boolean }) {
  const list = usePagedList<RunError>(`/sync-runs/${runId}/errors`, 50);
  const { refetch } = list;
  useEffect(() => {
    if (!live) {
      // The run just ended (or was over already): what it met last is in the list now.
      void refetch();
      return;
    }
    const timer = setInterval(() => void refetch(), 3000);
    return () => clearInterval(timer);
  }, [live, refetch]);
  const { items } = itemsOf(list.data?.pages);
  return (
    <Card size="2">
      <Heading as="h2" size="4" mb="2">
        Errors
      </Heading>
      {list.isPending ? <LoadingRows rows={3} label="Loading the run's errors" /> : null}
      {list.error ? <ProblemCallout failure={list.error.failure} onRetry={() => list.refetch()} /> : null}
      {list.data && items.length === 0 ? (
        <EmptyState title="No errors in this run">
          {live ? 'Records the POS sends that Patron cannot read show here as the run meets them.' : null}
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <DataTable label="Errors in this run">
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeaderCell>When</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Kind</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>POS id</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Reason</Table.ColumnHeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {items.map((error, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: errors carry no id; the list's order is stable.
              <Table.Row key={index}>
                <Table.RowHeaderCell className="admin-sync-nowrap">{when(error.at)}</Table.RowHeaderCell>
                <Table.Cell>
                  <Badge color={error.kind === 'run' ? 'red' : 'amber'} highContrast>
                    {KIND_LABELS[error.kind]}
                  </Badge>
                </Table.Cell>
                <Table.Cell>{error.externalId ? <Code variant="ghost">{error.externalId}</Code> : '—'}</Table.Cell>
                <Table.Cell>
                  <Text size="2">{error.reason}</Text>
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </DataTable>
      ) : null}
      {list.hasNextPage ? (
        <Flex mt="3">
          <Button variant="soft" loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
            Show more
          </Button>
        </Flex>
      ) : null}
    </Card>
  );
}
