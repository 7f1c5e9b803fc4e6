/**
 * The customer's link to each store's POS (GET /customers/{id}/sync): status, last sync, last error
 * with the fields the POS refused, "Create in this store" for a store with no link yet
 * (POST …/stores/{storeId}/link; a 202 means the POS id comes later) and "Push now" for a linked
 * store (POST …/stores/{storeId}/push, always 202: the push is queued). After either the panel
 * re-reads while a link is pending, so the row shows how the push went.
 */
import { Badge, Button, Card, Heading, Table, Text } from '@radix-ui/themes';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ApiFailure } from '../../../api/api-client.ts';
import { apiQueryKey, useApi, useApiQuery } from '../../api/use-api.ts';
import { DataTable } from '../../parts/data-table.tsx';
import { describeFailure } from '../../parts/describe-failure.ts';
import { LoadingRows, ProblemCallout } from '../../parts/page-states.tsx';
import { formatInstant, type Page, type StoreSummary, type SyncLink } from './customer-types.ts';

const STATUS_COLORS = { synced: 'green', pending: 'amber', error: 'red', conflict: 'orange' } as const;

export function CustomerSyncPanel({ customerId, stores }: { customerId: string; stores: StoreSummary[] }) {
  const path = `/customers/${customerId}/sync?limit=200`;
  const links = useApiQuery<Page<SyncLink>>(path, {
    refetchInterval: (query) => (query.state.data?.items.some((link) => link.status === 'pending') ? 1500 : false),
  });
  const api = useApi();
  const queries = useQueryClient();
  const [working, setWorking] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ storeId: string; text: string; failure?: ApiFailure } | null>(null);

  async function pushTo(storeId: string) {
    setWorking(storeId);
    setNotice(null);
    const answer = await api.call<{ status: 'pending' }>(`/customers/${customerId}/stores/${storeId}/push`, {
      method: 'POST',
    });
    setWorking(null);
    if (!answer.ok) setNotice({ storeId, text: describeFailure(answer.failure), failure: answer.failure });
    else setNotice({ storeId, text: 'Push queued; the status changes when the POS answers.' });
    await queries.invalidateQueries({ queryKey: apiQueryKey(path) });
  }

  async function createIn(storeId: string) {
    setWorking(storeId);
    setNotice(null);
    const answer = await api.call<{ externalId: string | null }>(`/customers/${customerId}/stores/${storeId}/link`, {
      method: 'POST',
    });
    setWorking(null);
    if (!answer.ok) setNotice({ storeId, text: describeFailure(answer.failure), failure: answer.failure });
    else if (answer.status === 202) setNotice({ storeId, text: 'Sent to the POS; the link appears when it answers.' });
    await queries.invalidateQueries({ queryKey: apiQueryKey(path) });
  }

  return (
    <Card>
      <Heading as="h2" size="4" mb="3">
        POS links
      </Heading>
      {links.isPending ? (
        <LoadingRows rows={5} label="Loading the POS links" />
      ) : links.isError ? (
        <ProblemCallout failure={links.error.failure} onRetry={() => links.refetch()} />
      ) : (
        <DataTable size="1" label="POS links per store">
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeaderCell>Store</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Status</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>POS id</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Last sync</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Last error</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Action</Table.ColumnHeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {stores.map((store) => {
              const link = links.data.items.find((item) => item.storeId === store.id);
              return (
                <Table.Row key={store.id}>
                  <Table.RowHeaderCell>{store.name}</Table.RowHeaderCell>
                  <Table.Cell>
                    {link ? (
                      <Badge color={STATUS_COLORS[link.status]}>{link.status}</Badge>
                    ) : (
                      <Badge color="gray">not linked</Badge>
                    )}
                  </Table.Cell>
                  <Table.Cell>
                    <Text size="1" className="customer-page-number">
                      {link?.externalId ?? '—'}
                    </Text>
                  </Table.Cell>
                  <Table.Cell>{formatInstant(link?.lastSyncedAt ?? null)}</Table.Cell>
                  <Table.Cell>
                    <Text size="1" color={link?.lastError ? 'red' : 'gray'}>
                      {link?.lastError ?? '—'}
                    </Text>
                    {link && link.refusedFields.length > 0 ? (
                      <RefusedFields storeName={store.name} refused={link.refusedFields} />
                    ) : null}
                    {notice?.storeId === store.id ? (
                      <Text as="p" size="1" color={notice.failure ? 'red' : 'gray'} role="status">
                        {notice.text}
                      </Text>
                    ) : null}
                  </Table.Cell>
                  <Table.Cell>
                    {link ? (
                      <Button
                        size="1"
                        variant="soft"
                        highContrast
                        loading={working === store.id}
                        onClick={() => pushTo(store.id)}
                        aria-label={`Push now (${store.name})`}
                        className="customer-page-nowrap"
                      >
                        Push now
                      </Button>
                    ) : (
                      <Button
                        size="1"
                        variant="soft"
                        highContrast
                        loading={working === store.id}
                        onClick={() => createIn(store.id)}
                        aria-label={`Create in this store (${store.name})`}
                        className="customer-page-nowrap"
                      >
                        Create in this store
                      </Button>
                    )}
                  </Table.Cell>
                </Table.Row>
              );
            })}
          </Table.Body>
        </DataTable>
      )}
    </Card>
  );
}

/** The POS's objections in the last refused push, field by field (the message names no values). */
function RefusedFields({ storeName, refused }: { storeName: string; refused: SyncLink['refusedFields'] }) {
  return (
    <ul className="customer-page-refused" aria-label={`Fields the ${storeName} POS refused`}>
      {refused.map((item, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the POS may name one field twice; the order is its own.
        <li key={index}>
          <Text size="1">
            {item.field ? (
              <Text weight="bold" className="customer-page-number">
                {item.field}
              </Text>
            ) : (
              <Text weight="bold">No field named</Text>
            )}
            : {item.message}
          </Text>
        </li>
      ))}
    </ul>
  );
}
