/**
 * Expired medical cards (manager+): medical patients whose card has passed its expiry, as the
 * retention sweep flags them (GET /data-quality-flags), each linking to the customer.
 */
import { Box, Button, Table } from '@radix-ui/themes';
import { DataTable } from '../../parts/data-table.tsx';
import { PageHeader } from '../../parts/page-header.tsx';
import { EmptyState, LoadingRows, ProblemCallout } from '../../parts/page-states.tsx';
import { CustomerLink, formatWhen, usePagedList } from './data-quality-lookups.tsx';

interface DataQualityFlag {
  customerId: string;
  kind: 'medical_card_expired';
  detectedAt: string;
}

export function ExpiredCardsPage() {
  const flags = usePagedList<DataQualityFlag>('/data-quality-flags?kind=medical_card_expired&limit=50');
  const items = flags.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <PageHeader
        title="Expired medical cards"
        subtitle="Medical patients whose card has expired: record the renewed card on their page before a medical sale."
      />
      {flags.isPending ? (
        <LoadingRows rows={4} label="Loading expired cards" />
      ) : flags.isError ? (
        <ProblemCallout failure={flags.error.failure} onRetry={() => flags.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="No expired medical cards flagged.">
          The retention sweep flags medical patients whose card has expired, when the data policy asks it to. They are
          listed here until the card is renewed.
        </EmptyState>
      ) : (
        <>
          <DataTable label="Customers with an expired medical card">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeaderCell>Customer</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Flagged</Table.ColumnHeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {items.map((flag) => (
                <Table.Row key={`${flag.customerId}:${flag.kind}`}>
                  <Table.RowHeaderCell>
                    <CustomerLink customerId={flag.customerId} />
                  </Table.RowHeaderCell>
                  <Table.Cell>{formatWhen(flag.detectedAt)}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </DataTable>
          {flags.hasNextPage ? (
            <Box mt="3">
              <Button
                variant="soft"
                highContrast
                loading={flags.isFetchingNextPage}
                onClick={() => flags.fetchNextPage()}
              >
                Show more
              </Button>
            </Box>
          ) : null}
        </>
      )}
    </>
  );
}
