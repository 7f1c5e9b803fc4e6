/**
 * Quarantined POS records (manager+): records a store's POS sent that Patron could not read or apply
 * (GET /sync-quarantine). Each names the store, the vendor, the record's POS id, the reason and when;
 * the record itself stays sealed. The fix is at the POS; the next sync takes the corrected record.
 */
import { Box, Button, Code, Flex, Table, Text } from '@radix-ui/themes';
import { useState } from 'react';
import { DataTable } from '../../parts/data-table.tsx';
import { NativeSelect } from '../../parts/native-select.tsx';
import { PageHeader } from '../../parts/page-header.tsx';
import { EmptyState, LoadingRows, ProblemCallout } from '../../parts/page-states.tsx';
import { vendorLabel } from '../create-customer/new-customer-form.ts';
import { formatWhen, usePagedList, useStoreNames } from './data-quality-lookups.tsx';

interface QuarantinedRecord {
  id: string;
  storeId: string;
  storeName: string;
  vendor: string | null;
  externalId: string | null;
  reason: string;
  quarantinedAt: string;
}

const ALL = 'all';

export function QuarantinePage() {
  const [storeId, setStoreId] = useState(ALL);
  const storeNames = useStoreNames();
  const records = usePagedList<QuarantinedRecord>(
    `/sync-quarantine?limit=50${storeId === ALL ? '' : `&storeId=${storeId}`}`,
  );
  const items = records.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <PageHeader
        title="Quarantined POS records"
        subtitle="Records a POS sent that Patron could not read or apply. The rest of each sync went on without them."
        actions={
          <Flex gap="2" align="center">
            <Text as="label" size="2" htmlFor="quarantine-store">
              Store
            </Text>
            <NativeSelect id="quarantine-store" value={storeId} onChange={(e) => setStoreId(e.target.value)}>
              <option value={ALL}>All stores</option>
              {[...storeNames].map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </NativeSelect>
          </Flex>
        }
      />
      {records.isPending ? (
        <LoadingRows rows={4} label="Loading quarantined records" />
      ) : records.isError ? (
        <ProblemCallout failure={records.error.failure} onRetry={() => records.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={storeId === ALL ? 'No quarantined POS records.' : 'No quarantined records from this store.'}>
          When a POS sends a customer record Patron cannot read (a malformed field, a value of the wrong kind), the
          record is set aside here with the reason, instead of being dropped or half-applied. Correct it at the POS and
          the next sync takes it.
        </EmptyState>
      ) : (
        <>
          <DataTable label="Quarantined POS records">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeaderCell>Store</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>POS</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>POS record id</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Reason</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>When</Table.ColumnHeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {items.map((record) => (
                <Table.Row key={record.id}>
                  <Table.RowHeaderCell>{record.storeName}</Table.RowHeaderCell>
                  <Table.Cell>{record.vendor ? vendorLabel(record.vendor) : '—'}</Table.Cell>
                  <Table.Cell>
                    {record.externalId ? <Code variant="ghost">{record.externalId}</Code> : 'unreadable'}
                  </Table.Cell>
                  <Table.Cell>{record.reason}</Table.Cell>
                  <Table.Cell>{formatWhen(record.quarantinedAt)}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </DataTable>
          {records.hasNextPage ? (
            <Box mt="3">
              <Button
                variant="soft"
                highContrast
                loading={records.isFetchingNextPage}
                onClick={() => records.fetchNextPage()}
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
