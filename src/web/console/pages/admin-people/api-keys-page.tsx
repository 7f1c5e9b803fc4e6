/**
 * Admin: API keys (GET /api-keys): kiosk keys (one store each) and integration keys. Creating one
 * (POST /api-keys) shows the key once, in a dialog with a copy button; closing the dialog drops it
 * (it is in no cache and no storage). Revoking (DELETE /api-keys/{id}) asks first.
 */
import { Badge, Button, Code, Flex, Table } from '@radix-ui/themes';
import { useQueryClient } from '@tanstack/react-query';
import { apiQueryKey, useApi, useApiQuery } from '../../api/use-api.ts';
import { ConfirmAction } from '../../parts/confirm-action.tsx';
import { PageHeader } from '../../parts/page-header.tsx';
import { EmptyState, LoadingRows, ProblemCallout } from '../../parts/page-states.tsx';
import { itemsOf, usePagedList } from '../../parts/paged-list.ts';
import { CreateApiKeyDialog, type StoreRow } from './create-api-key-dialog.tsx';
import { shortDateTime } from './dates.ts';
import './admin-people.css';
import { DataTable } from '../../parts/data-table.tsx';

export interface ApiKeyRow {
  id: string;
  name: string;
  role: 'kiosk' | 'integration';
  storeId: string | null;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export function useStores() {
  return useApiQuery<{ items: StoreRow[] }>('/stores?limit=200');
}

export function ApiKeysPage() {
  const keys = usePagedList<ApiKeyRow>('/api-keys');
  const stores = useStores();
  const storeName = (id: string | null) =>
    id === null ? 'All stores' : (stores.data?.items.find((s) => s.id === id)?.name ?? 'Unknown store');
  const { items } = itemsOf(keys.data?.pages);

  return (
    <>
      <PageHeader
        title="API keys"
        subtitle="Keys for kiosks (one store each) and for integrations such as order management."
        actions={<CreateApiKeyDialog stores={stores.data?.items ?? []} />}
      />
      {keys.isPending ? (
        <LoadingRows label="Loading API keys" />
      ) : keys.isError ? (
        <ProblemCallout failure={keys.error.failure} onRetry={() => void keys.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="No API keys">Create a kiosk key for a store's tablet, or an integration key.</EmptyState>
      ) : (
        <>
          <DataTable label="API keys">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeaderCell>Name</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Role</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Store</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Key starts</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Created</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Last used</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>
                  <span className="console-visually-hidden">Actions</span>
                </Table.ColumnHeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {items.map((key) => (
                <Table.Row key={key.id} align="center">
                  <Table.RowHeaderCell>{key.name}</Table.RowHeaderCell>
                  <Table.Cell>
                    <Badge highContrast color={key.role === 'kiosk' ? 'teal' : 'violet'}>
                      {key.role === 'kiosk' ? 'Kiosk' : 'Integration'}
                    </Badge>
                  </Table.Cell>
                  <Table.Cell>{storeName(key.storeId)}</Table.Cell>
                  <Table.Cell>
                    <Code size="1" variant="ghost">
                      {key.prefix}…
                    </Code>
                  </Table.Cell>
                  <Table.Cell>{shortDateTime(key.createdAt)}</Table.Cell>
                  <Table.Cell>{key.lastUsedAt ? shortDateTime(key.lastUsedAt) : 'Never'}</Table.Cell>
                  <Table.Cell justify="end">
                    <RevokeApiKeyButton apiKey={key} />
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </DataTable>
          {keys.hasNextPage ? (
            <Flex justify="center" mt="3">
              <Button
                highContrast
                variant="soft"
                loading={keys.isFetchingNextPage}
                onClick={() => void keys.fetchNextPage()}
              >
                Show more keys
              </Button>
            </Flex>
          ) : null}
        </>
      )}
    </>
  );
}

function RevokeApiKeyButton({ apiKey }: { apiKey: ApiKeyRow }) {
  const api = useApi();
  const queryClient = useQueryClient();
  return (
    <ConfirmAction
      trigger="Revoke"
      triggerLabel={`Revoke ${apiKey.name}`}
      title={`Revoke “${apiKey.name}”?`}
      description="Every device or system using this key is refused from now on. This cannot be undone: make a new key instead."
      confirm="Revoke key"
      footnote={`Key starting ${apiKey.prefix}…`}
      onConfirm={async () => {
        const answer = await api.call(`/api-keys/${apiKey.id}`, { method: 'DELETE' });
        if (answer.ok) await queryClient.invalidateQueries({ queryKey: apiQueryKey('/api-keys').slice(0, 2) });
        return answer;
      }}
    />
  );
}
