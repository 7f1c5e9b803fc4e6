/**
 * /admin/sync/:runId: one run, polled every second while queued or running. The counts sit in
 * fixed-width cells with tabular digits, so they change in place without moving anything. Below,
 * the run's errors (sync-run-errors.tsx).
 */
import './admin-sync.css';
import { Badge, Callout, Card, DataList, Flex, Grid, Text } from '@radix-ui/themes';
import { Link } from 'wouter';
import { useApiQuery } from '../../api/use-api.ts';
import { PageHeader } from '../../parts/page-header.tsx';
import { LoadingRows, ProblemCallout } from '../../parts/page-states.tsx';
import type { Store, SyncRun } from './admin-sync-types.ts';
import { when } from './admin-sync-types.ts';
import { SyncRunErrors } from './sync-run-errors.tsx';
import { isLive, RUN_STATS, runDuration, STATUS_COLORS, STATUS_LABELS } from './sync-run-progress.ts';

export function SyncRunPage({ params }: { params: Record<string, string | undefined> }) {
  const runId = params.runId ?? '';
  const run = useApiQuery<SyncRun>(`/sync-runs/${runId}`, {
    refetchInterval: (query) => (query.state.data && !isLive(query.state.data.status) ? false : 1000),
  });
  const store = useApiQuery<Store>(run.data ? `/stores/${run.data.storeId}` : null);
  const live = run.data ? isLive(run.data.status) : false;
  return (
    <>
      <PageHeader title="Sync run" subtitle={<Link href="/admin/sync">All runs</Link>} />
      {run.isPending ? <LoadingRows rows={4} label="Loading the run" /> : null}
      {run.error ? <ProblemCallout failure={run.error.failure} onRetry={() => run.refetch()} /> : null}
      {run.data ? (
        <Flex direction="column" gap="4">
          <Card size="2">
            <DataList.Root orientation="horizontal" size="2">
              <DataList.Item>
                <DataList.Label>Status</DataList.Label>
                <DataList.Value>
                  <Badge
                    highContrast
                    size="2"
                    color={STATUS_COLORS[run.data.status]}
                    aria-live="polite"
                    data-testid="run-status"
                  >
                    {STATUS_LABELS[run.data.status]}
                  </Badge>
                </DataList.Value>
              </DataList.Item>
              <DataList.Item>
                <DataList.Label>Store</DataList.Label>
                <DataList.Value>
                  <Link href={`/admin/stores/${run.data.storeId}`}>{store.data?.name ?? 'Store'}</Link>
                </DataList.Value>
              </DataList.Item>
              <DataList.Item>
                <DataList.Label>Mode</DataList.Label>
                <DataList.Value>
                  {run.data.mode} ({run.data.trigger})
                </DataList.Value>
              </DataList.Item>
              <DataList.Item>
                <DataList.Label>Started</DataList.Label>
                <DataList.Value>{when(run.data.startedAt)}</DataList.Value>
              </DataList.Item>
              <DataList.Item>
                <DataList.Label>Took</DataList.Label>
                <DataList.Value className="admin-sync-number">
                  {runDuration(run.data.startedAt, run.data.finishedAt, Date.now())}
                  {live ? ' so far' : ''}
                </DataList.Value>
              </DataList.Item>
            </DataList.Root>
          </Card>
          <Grid columns={{ initial: '3', md: '5' }} gap="3" aria-label="Counts" role="list">
            {RUN_STATS.map(([key, label]) => (
              <Card key={key} role="listitem" className="admin-sync-stat">
                <Text as="p" size="1" color="gray" id={`stat-${key}`}>
                  {label}
                </Text>
                <Text
                  as="p"
                  size="6"
                  weight="bold"
                  className="admin-sync-number"
                  aria-labelledby={`stat-${key}`}
                  data-stat={key}
                >
                  {run.data.stats[key]}
                </Text>
              </Card>
            ))}
          </Grid>
          {run.data.status === 'failed' ? (
            <Callout.Root color="red" role="alert">
              <Callout.Text>The run failed: {run.data.error ?? 'no reason given'}</Callout.Text>
            </Callout.Root>
          ) : null}
          <SyncRunErrors runId={runId} live={live} />
        </Flex>
      ) : null}
    </>
  );
}
