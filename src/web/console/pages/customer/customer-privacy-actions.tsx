/**
 * Data-subject requests (managers and above): the export, downloaded as a JSON file through a Blob
 * (never a URL carrying the data), and erasure behind a typed confirmation, then the per-store
 * result of GET /erasures/{id}, re-read until no store is pending.
 */
import { Badge, Box, Button, Card, Flex, Heading, Table, Text, TextField } from '@radix-ui/themes';
import { useState } from 'react';
import type { ApiFailure } from '../../../api/api-client.ts';
import { useApi, useApiQuery } from '../../api/use-api.ts';
import { DataTable } from '../../parts/data-table.tsx';
import { describeFailure } from '../../parts/describe-failure.ts';
import { LoadingRows, ProblemCallout } from '../../parts/page-states.tsx';
import type { CustomerRecord, Erasure, StoreSummary } from './customer-types.ts';

export function CustomerPrivacyActions({
  customer,
  onErased,
}: {
  customer: CustomerRecord;
  onErased: (erasureId: string) => void;
}) {
  const api = useApi();
  const [exporting, setExporting] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | null>(null);

  async function download() {
    setExporting(true);
    setFailure(null);
    const answer = await api.call<unknown>(`/customers/${customer.id}/export`);
    setExporting(false);
    if (!answer.ok) return setFailure(answer.failure);
    const blob = new Blob([JSON.stringify(answer.body, null, 2)], { type: 'application/json' });
    const href = URL.createObjectURL(blob);
    const anchor = document.createElement('a');
    anchor.href = href;
    anchor.download = `customer-${customer.id}.json`;
    document.body.append(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(() => URL.revokeObjectURL(href), 1000);
  }

  return (
    <Card>
      <Heading as="h2" size="4" mb="2">
        Data-subject requests
      </Heading>
      <Text as="p" size="2" color="gray" mb="3">
        Export everything Patron holds on this customer, or erase them here and at every store's POS.
      </Text>
      <Flex gap="2" wrap="wrap">
        <Button variant="soft" highContrast loading={exporting} onClick={download}>
          Download export (JSON)
        </Button>
        <EraseDialog customer={customer} onErased={onErased} />
      </Flex>
      {failure ? (
        <Text as="p" size="2" color="red" role="alert" mt="2">
          {describeFailure(failure)}
        </Text>
      ) : null}
    </Card>
  );
}

function EraseDialog({ customer, onErased }: { customer: CustomerRecord; onErased: (erasureId: string) => void }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const confirmed = typed.trim() === 'ERASE' || typed.trim().toLowerCase() === customer.lastName.toLowerCase();

  async function erase() {
    setBusy(true);
    setFailure(null);
    const answer = await api.call<{ erasureId: string }>(`/customers/${customer.id}`, { method: 'DELETE' });
    setBusy(false);
    if (!answer.ok) return setFailure(answer.failure);
    onErased(answer.body.erasureId);
  }

  if (!open) {
    return (
      <Button color="red" variant="soft" highContrast onClick={() => setOpen(true)}>
        Erase customer…
      </Button>
    );
  }
  // Inline, not a Radix Dialog: a modal dialog's scroll lock injects a <style> element the CSP refuses.
  return (
    <Box className="customer-page-erase" role="group" aria-labelledby="customer-page-erase-title" width="100%">
      <Heading as="h3" size="3" id="customer-page-erase-title" color="red">
        Erase this customer?
      </Heading>
      <Text as="p" size="2" my="2">
        Their record is anonymized in Patron and at every linked POS. This cannot be undone. Type their last name or
        ERASE to confirm.
      </Text>
      <Text as="label" size="2" weight="medium" htmlFor="customer-page-erase-confirm">
        Confirmation
      </Text>
      <TextField.Root
        id="customer-page-erase-confirm"
        value={typed}
        autoComplete="off"
        autoFocus
        onChange={(event) => setTyped(event.target.value)}
      />
      {failure ? (
        <Text as="p" size="2" color="red" role="alert" mt="2">
          {describeFailure(failure)}
        </Text>
      ) : null}
      <Flex gap="2" justify="end" mt="3">
        <Button
          variant="soft"
          highContrast
          color="gray"
          onClick={() => {
            setOpen(false);
            setTyped('');
          }}
        >
          Cancel
        </Button>
        <Button color="red" highContrast disabled={!confirmed} loading={busy} onClick={erase}>
          Erase
        </Button>
      </Flex>
    </Box>
  );
}

const ERASURE_COLORS = { done: 'green', failed: 'red', unsupported: 'gray', pending: 'amber' } as const;

export function ErasureResult({ erasureId, stores }: { erasureId: string; stores: StoreSummary[] }) {
  const erasure = useApiQuery<Erasure>(`/erasures/${erasureId}`, {
    refetchInterval: (query) => (query.state.data?.stores.some((store) => store.status === 'pending') ? 1000 : false),
  });
  const storeName = (id: string) => stores.find((store) => store.id === id)?.name ?? 'Unknown store';
  return (
    <Card>
      <Heading as="h2" size="4" mb="3">
        Erasure per store
      </Heading>
      {erasure.isPending ? (
        <LoadingRows rows={5} label="Loading the erasure's result" />
      ) : erasure.isError ? (
        <ProblemCallout failure={erasure.error.failure} onRetry={() => erasure.refetch()} />
      ) : (
        <>
          <Text as="p" size="2" mb="2" role="status">
            {erasure.data.stores.some((store) => store.status === 'pending')
              ? 'Erased in Patron. Waiting for the stores’ POS to answer…'
              : 'Erased in Patron. Every store has answered.'}
          </Text>
          <DataTable size="1" label="Erasure per store">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeaderCell>Store</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Result</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Detail</Table.ColumnHeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {erasure.data.stores.map((store) => (
                <Table.Row key={store.storeId}>
                  <Table.RowHeaderCell>{storeName(store.storeId)}</Table.RowHeaderCell>
                  <Table.Cell>
                    <Badge color={ERASURE_COLORS[store.status]}>{store.status}</Badge>
                  </Table.Cell>
                  <Table.Cell>
                    <Text size="1">{store.detail ?? '—'}</Text>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </DataTable>
        </>
      )}
    </Card>
  );
}
