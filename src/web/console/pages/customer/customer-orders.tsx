/**
 * The customer's orders from every channel (kiosk, counter, order-management systems), newest first,
 * read page by page ("Show more") from GET /customers/{id}/orders.
 */
import { Badge, Card, Heading, Table } from '@radix-ui/themes';
import { DataTable } from '../../parts/data-table.tsx';
import { EmptyState, LoadingRows, ProblemCallout } from '../../parts/page-states.tsx';
import { itemsOf, usePagedList } from '../../parts/paged-list.ts';
import { ShowMore } from '../../parts/show-more.tsx';
import { formatInstant } from './customer-types.ts';

const PAGE_SIZE = 10;

interface CustomerOrder {
  orderRef: string;
  storeId: string;
  storeName: string;
  channel: 'kiosk' | 'staff' | 'integration';
  posCustomerId: string | null;
  createdAt: string;
}

const CHANNEL_LABELS: Record<CustomerOrder['channel'], string> = {
  kiosk: 'Kiosk',
  staff: 'Counter',
  integration: 'Integration',
};

export function CustomerOrders({ customerId }: { customerId: string }) {
  const orders = usePagedList<CustomerOrder>(`/customers/${customerId}/orders`, PAGE_SIZE);
  const { items } = itemsOf(orders.data?.pages);
  return (
    <Card>
      <Heading as="h2" size="4" mb="3">
        Orders
      </Heading>
      {orders.isPending ? (
        <LoadingRows rows={3} label="Loading the orders" />
      ) : orders.isError ? (
        <ProblemCallout failure={orders.error.failure} onRetry={() => orders.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="No orders yet." />
      ) : (
        <>
          <DataTable size="1" label="Orders">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeaderCell>Order</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Store</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Channel</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>POS customer id</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>When</Table.ColumnHeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {items.map((order) => (
                <Table.Row key={`${order.storeId}-${order.orderRef}`}>
                  <Table.Cell>{order.orderRef}</Table.Cell>
                  <Table.Cell>{order.storeName}</Table.Cell>
                  <Table.Cell>
                    <Badge color="gray" variant="soft">
                      {CHANNEL_LABELS[order.channel]}
                    </Badge>
                  </Table.Cell>
                  <Table.Cell>{order.posCustomerId ?? '—'}</Table.Cell>
                  <Table.Cell className="customer-page-nowrap">{formatInstant(order.createdAt)}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </DataTable>
          <ShowMore list={orders} />
        </>
      )}
    </Card>
  );
}
