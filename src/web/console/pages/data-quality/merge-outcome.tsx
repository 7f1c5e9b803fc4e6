/** After a merge: the survivor with its POS links per store (GET /customers/{id}/sync), and a link to its page. */
import { CheckCircledIcon } from '@radix-ui/react-icons';
import { Badge, Callout, Card, Heading, Table, Text } from '@radix-ui/themes';
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { DataTable } from '../../parts/data-table.tsx';
import { PageHeader } from '../../parts/page-header.tsx';
import { LoadingRows, ProblemCallout } from '../../parts/page-states.tsx';
import { useCustomer, useLinks, useStoreName } from './duplicate-data.ts';

export function MergeOutcome({ survivorId, back }: { survivorId: string; back: ReactNode }) {
  const customer = useCustomer(survivorId);
  const links = useLinks(survivorId);
  const storeName = useStoreName();
  return (
    <>
      <PageHeader title="Merged" actions={back} />
      <Callout.Root color="green" highContrast mb="4" role="status">
        <Callout.Icon>
          <CheckCircledIcon />
        </Callout.Icon>
        <Callout.Text>
          The records are one.{' '}
          {customer.data ? (
            <Link href={`/customers/${survivorId}`}>
              Open {customer.data.firstName} {customer.data.lastName}
            </Link>
          ) : null}
        </Callout.Text>
      </Callout.Root>
      <Card asChild>
        <section aria-labelledby="duplicates-survivor-links">
          <Heading as="h2" size="4" mb="2" id="duplicates-survivor-links">
            The survivor's POS links
          </Heading>
          {links.isPending ? (
            <LoadingRows rows={2} label="Loading POS links" />
          ) : links.isError ? (
            <ProblemCallout failure={links.error.failure} onRetry={() => links.refetch()} />
          ) : links.data.items.length === 0 ? (
            <Text size="2" color="gray">
              Not linked to any POS.
            </Text>
          ) : (
            <DataTable size="1" label="The survivor's POS links">
              <Table.Header>
                <Table.Row>
                  <Table.ColumnHeaderCell>Store</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Vendor</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>POS id</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Status</Table.ColumnHeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {links.data.items.map((l) => (
                  <Table.Row key={l.storeId}>
                    <Table.RowHeaderCell>{storeName(l.storeId)}</Table.RowHeaderCell>
                    <Table.Cell>{l.vendor ?? '—'}</Table.Cell>
                    <Table.Cell>{l.externalId ?? '—'}</Table.Cell>
                    <Table.Cell>
                      <Badge color={l.status === 'synced' ? 'green' : l.status === 'error' ? 'red' : 'gray'}>
                        {l.status}
                      </Badge>
                    </Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </DataTable>
          )}
        </section>
      </Card>
    </>
  );
}
