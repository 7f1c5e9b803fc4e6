/** Consent per channel as it stands, and the ledger's history behind it (who, when, source, wording). */

import { Badge, Card, Flex, Heading, Table, Text } from '@radix-ui/themes';
import { actorLabel } from '../../parts/actor-label.ts';
import { DataTable } from '../../parts/data-table.tsx';
import { EmptyState, LoadingRows, ProblemCallout } from '../../parts/page-states.tsx';
import { itemsOf, usePagedList } from '../../parts/paged-list.ts';
import { ShowMore } from '../../parts/show-more.tsx';
import { useSignedIn } from '../../session/session-context.tsx';
import { type ConsentEntry, type CustomerRecord, formatInstant, type StoreSummary } from './customer-types.ts';
import { RecordConsentDialog } from './record-consent-dialog.tsx';

/** Entries read at a time: the ledger grows without bound (API.md: every list is paged). */
const LEDGER_PAGE = 20;

export function CustomerConsents({ customer, stores }: { customer: CustomerRecord; stores: readonly StoreSummary[] }) {
  const { user } = useSignedIn();
  const actors = { myUserId: user.id, storeName: (id: string) => stores.find((store) => store.id === id)?.name };
  const ledger = usePagedList<ConsentEntry>(`/customers/${customer.id}/consents`, LEDGER_PAGE);
  const { items: entries } = itemsOf(ledger.data?.pages);
  return (
    <Card>
      <Flex justify="between" align="center" mb="3" gap="2">
        <Heading as="h2" size="4">
          Consent
        </Heading>
        <RecordConsentDialog customer={customer} stores={stores} />
      </Flex>
      <Flex gap="4" mb="3" wrap="wrap">
        {(['sms', 'email'] as const).map((channel) => {
          const state = customer.consents[channel];
          return (
            <Flex key={channel} gap="2" align="center">
              <Text weight="medium">{channel === 'sms' ? 'SMS' : 'Email'}</Text>
              <Badge color={state.granted ? 'green' : 'gray'}>{state.granted ? 'Granted' : 'Not granted'}</Badge>
              {state.at ? (
                <Text size="1" color="gray">
                  {formatInstant(state.at)} · {state.source}
                </Text>
              ) : null}
            </Flex>
          );
        })}
      </Flex>
      <Heading as="h3" size="2" mb="2">
        History
      </Heading>
      {ledger.isPending ? (
        <LoadingRows rows={2} label="Loading the consent history" />
      ) : ledger.isError ? (
        <ProblemCallout failure={ledger.error.failure} onRetry={() => ledger.refetch()} />
      ) : entries.length === 0 ? (
        <EmptyState title="No consent recorded yet." />
      ) : (
        <>
          <DataTable size="1" label="Consent history">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeaderCell>When</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Channel</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Choice</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Source</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Recorded by</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Wording</Table.ColumnHeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {entries.map((entry) => (
                <Table.Row key={entry.id}>
                  <Table.Cell className="customer-page-nowrap">{formatInstant(entry.at)}</Table.Cell>
                  <Table.Cell>{entry.channel === 'sms' ? 'SMS' : 'Email'}</Table.Cell>
                  <Table.Cell>{entry.granted ? 'Granted' : 'Withdrawn'}</Table.Cell>
                  <Table.Cell>{entry.source}</Table.Cell>
                  <Table.Cell>{actorLabel(entry.recordedBy, actors)}</Table.Cell>
                  <Table.Cell className="customer-page-wording-cell">{entry.wording ?? '—'}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </DataTable>
          <ShowMore list={ledger} label="Show older entries" />
        </>
      )}
    </Card>
  );
}
