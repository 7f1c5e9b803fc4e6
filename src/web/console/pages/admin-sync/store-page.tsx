/** /admin/stores/:id (and /admin/stores/new): the store's settings, its POS integration and "Run sync now". */
import './admin-sync.css';
import { Button, Card, Flex, Heading, SegmentedControl, Text } from '@radix-ui/themes';
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useApi, useApiQuery } from '../../api/use-api.ts';
import { describeFailure } from '../../parts/describe-failure.ts';
import { PageHeader } from '../../parts/page-header.tsx';
import { LoadingRows, ProblemCallout } from '../../parts/page-states.tsx';
import type { Store } from './admin-sync-types.ts';
import { IntegrationPanel } from './integration-panel.tsx';
import { StoreForm } from './store-form.tsx';

export function NewStorePage() {
  const [, navigate] = useLocation();
  return (
    <>
      <PageHeader title="New store" subtitle={<Link href="/admin/stores">All stores</Link>} />
      <div className="admin-sync-column">
        <StoreForm store={null} onSaved={(store) => navigate(`/admin/stores/${store.id}`)} />
      </div>
    </>
  );
}

export function StorePage({ params }: { params: Record<string, string | undefined> }) {
  const id = params.id ?? '';
  const store = useApiQuery<Store>(`/stores/${id}`);
  return (
    <>
      <PageHeader title={store.data?.name ?? 'Store'} subtitle={<Link href="/admin/stores">All stores</Link>} />
      {store.isPending ? <LoadingRows /> : null}
      {store.error ? <ProblemCallout failure={store.error.failure} onRetry={() => store.refetch()} /> : null}
      {store.data ? (
        <div className="admin-sync-column">
          <StoreForm key={store.data.id} store={store.data} onSaved={() => undefined} />
          <IntegrationPanel storeId={id} />
          <SyncNow storeId={id} />
        </div>
      ) : null}
    </>
  );
}

function SyncNow({ storeId }: { storeId: string }) {
  const api = useApi();
  const [, navigate] = useLocation();
  const [mode, setMode] = useState<'incremental' | 'full'>('incremental');
  const [starting, setStarting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  async function start() {
    setStarting(true);
    setProblem(null);
    const answer = await api.call<{ runId: string }>(`/stores/${storeId}/sync`, { method: 'POST', body: { mode } });
    setStarting(false);
    if (answer.ok) navigate(`/admin/sync/${answer.body.runId}`);
    else setProblem(describeFailure(answer.failure));
  }
  return (
    <Card size="3">
      <Heading as="h2" size="4" mb="3">
        Sync
      </Heading>
      <Flex gap="3" align="center" wrap="wrap">
        <SegmentedControl.Root
          value={mode}
          onValueChange={(value) => setMode(value as 'incremental' | 'full')}
          aria-label="Sync mode"
        >
          <SegmentedControl.Item value="incremental">Changes since last</SegmentedControl.Item>
          <SegmentedControl.Item value="full">Full resync</SegmentedControl.Item>
        </SegmentedControl.Root>
        <Button onClick={start} loading={starting}>
          Run sync now
        </Button>
        <Link href={`/admin/sync?storeId=${storeId}`}>This store's runs</Link>
        <Text size="2" color="red" role="status">
          {problem ?? ''}
        </Text>
      </Flex>
    </Card>
  );
}
