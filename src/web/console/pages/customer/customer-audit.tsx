/** The customer's audit trail (managers and above), a page at a time. */

import { Button, Card, Flex, Heading, Table, Text } from '@radix-ui/themes';
import { useState } from 'react';
import { useApiQuery } from '../../api/use-api.ts';
import { actorLabel } from '../../parts/actor-label.ts';
import { DataTable } from '../../parts/data-table.tsx';
import { EmptyState, LoadingRows, ProblemCallout } from '../../parts/page-states.tsx';
import { useSignedIn } from '../../session/session-context.tsx';
import { type AuditEntry, formatInstant, type Page, type StoreSummary } from './customer-types.ts';

const PAGE_SIZE = 20;

export function CustomerAudit({ customerId, stores }: { customerId: string; stores: readonly StoreSummary[] }) {
  const { user } = useSignedIn();
  const actors = { myUserId: user.id, storeName: (id: string) => stores.find((store) => store.id === id)?.name };
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const audit = useApiQuery<Page<AuditEntry>>(
    `/customers/${customerId}/audit?limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    { placeholderData: (previous) => previous },
  );
  return (
    <Card>
      <Heading as="h2" size="4" mb="3">
        Audit trail
      </Heading>
      {audit.isPending ? (
        <LoadingRows rows={5} label="Loading the audit trail" />
      ) : audit.isError ? (
        <ProblemCallout failure={audit.error.failure} onRetry={() => audit.refetch()} />
      ) : audit.data.items.length === 0 ? (
        <EmptyState title="Nothing recorded yet." />
      ) : (
        <>
          <DataTable size="1" label="Audit trail">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeaderCell>When</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Who</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Action</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Fields</Table.ColumnHeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {audit.data.items.map((entry, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: audit entries carry no id.
                <Table.Row key={`${entry.at}-${index}`}>
                  <Table.Cell className="customer-page-nowrap">{formatInstant(entry.at)}</Table.Cell>
                  <Table.Cell>
                    {actorLabel(entry.actor, actors)}
                    {/* Managers may not read the users list: the reference tells one member of staff from another. */}
                    {entry.actor.startsWith('user:') && entry.actor !== `user:${user.id}` ? (
                      <Text as="div" size="1" color="gray" className="customer-page-number">
                        {entry.actor.slice('user:'.length, 'user:'.length + 8)}
                      </Text>
                    ) : null}
                  </Table.Cell>
                  <Table.Cell>{entry.action}</Table.Cell>
                  <Table.Cell>
                    <Text size="1">{entry.fields.join(', ') || '—'}</Text>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </DataTable>
          <Flex gap="2" justify="end" mt="2">
            <Button
              size="1"
              variant="soft"
              highContrast
              disabled={cursors.length === 0}
              onClick={() => setCursors(cursors.slice(0, -1))}
            >
              Newer
            </Button>
            <Button
              size="1"
              variant="soft"
              highContrast
              disabled={!audit.data.nextCursor}
              onClick={() => audit.data.nextCursor && setCursors([...cursors, audit.data.nextCursor])}
            >
              Older
            </Button>
          </Flex>
        </>
      )}
    </Card>
  );
}
