/** One subscription's deliveries (GET /webhook-subscriptions/{id}/deliveries): status, attempts, last attempt, response code. */
import { Badge, Button, Card, Flex, Heading, Table, Text } from '@radix-ui/themes';
import { DataTable } from '../../parts/data-table.tsx';
import { EmptyState, LoadingRows, ProblemCallout } from '../../parts/page-states.tsx';
import { itemsOf, usePagedList } from '../../parts/paged-list.ts';
import { shortDateTime } from './dates.ts';

interface Delivery {
  id: string;
  event: string;
  status: 'pending' | 'retrying' | 'delivered' | 'failed' | 'cancelled';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  occurredAt: string;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}

const STATUS_COLOR = {
  pending: 'gray',
  retrying: 'amber',
  delivered: 'green',
  failed: 'red',
  cancelled: 'gray',
} as const;

export function WebhookDeliveries({ subscriptionId, url }: { subscriptionId: string; url: string }) {
  const deliveries = usePagedList<Delivery>(`/webhook-subscriptions/${subscriptionId}/deliveries`, 25);
  const { items } = itemsOf(deliveries.data?.pages);
  return (
    <Card size="2" mt="4" asChild>
      <section aria-labelledby="webhook-deliveries-title">
        <Heading as="h2" size="4" mb="1" id="webhook-deliveries-title">
          Deliveries
        </Heading>
        <Text as="p" size="2" color="gray" mb="3" className="admin-people-url">
          To {url}
        </Text>
        {deliveries.isPending ? (
          <LoadingRows rows={3} label="Loading deliveries" />
        ) : deliveries.isError ? (
          <ProblemCallout failure={deliveries.error.failure} onRetry={() => void deliveries.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState title="No deliveries yet">
            Events are sent here when a customer is created, changed, merged or erased.
          </EmptyState>
        ) : (
          <>
            <DataTable variant="ghost" size="1" label="Deliveries">
              <Table.Header>
                <Table.Row>
                  <Table.ColumnHeaderCell>Event</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Status</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Attempts</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Delivered or occurred</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Response</Table.ColumnHeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {items.map((d) => (
                  <Table.Row key={d.id}>
                    <Table.RowHeaderCell>{d.event}</Table.RowHeaderCell>
                    <Table.Cell>
                      <Badge highContrast color={STATUS_COLOR[d.status]}>
                        {d.status}
                      </Badge>
                    </Table.Cell>
                    <Table.Cell>{d.attempts}</Table.Cell>
                    <Table.Cell>
                      {shortDateTime(d.deliveredAt ?? d.occurredAt)}
                      {d.nextAttemptAt && d.status === 'retrying' ? (
                        <Text as="div" size="1" color="gray">
                          Next {shortDateTime(d.nextAttemptAt)}
                        </Text>
                      ) : null}
                    </Table.Cell>
                    <Table.Cell>
                      {d.lastStatusCode ?? '—'}
                      {d.lastError ? (
                        <Text as="div" size="1" color="gray">
                          {d.lastError}
                        </Text>
                      ) : null}
                    </Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </DataTable>
            {deliveries.hasNextPage ? (
              <Flex justify="center" mt="3">
                <Button highContrast variant="soft" size="1" onClick={() => void deliveries.fetchNextPage()}>
                  Show more deliveries
                </Button>
              </Flex>
            ) : null}
          </>
        )}
      </section>
    </Card>
  );
}
