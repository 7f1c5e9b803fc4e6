/**
 * Sync conflicts (manager+): a field that changed both in Patron and at a POS between syncs. Both
 * values side by side; "Keep Patron's" pushes Patron's value to that POS, "Keep the POS's" takes the
 * POS's value into the record (and so to the other stores). The answer shows on the conflict.
 */
import { CheckCircledIcon } from '@radix-ui/react-icons';
import { Badge, Box, Button, Callout, Card, Flex, Heading, Text } from '@radix-ui/themes';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ApiFailure } from '../../../api/api-client.ts';
import { apiQueryKey, useApi } from '../../api/use-api.ts';
import { describeFailure } from '../../parts/describe-failure.ts';
import { PageHeader } from '../../parts/page-header.tsx';
import { EmptyState, LoadingRows, ProblemCallout } from '../../parts/page-states.tsx';
import { conflictFieldLabel, shownValue } from './conflict-fields.ts';
import { CustomerLink, formatWhen, usePagedList, useStoreNames } from './data-quality-lookups.tsx';
import './data-quality.css';

interface SyncConflict {
  id: string;
  customerId: string;
  storeId: string;
  field: string;
  localValue: string | null;
  posValue: string | null;
  status: 'open' | 'resolved';
  detectedAt: string;
  resolvedAt: string | null;
}

export function ConflictsPage() {
  const conflicts = usePagedList<SyncConflict>('/sync-conflicts?limit=50');
  const storeNames = useStoreNames();
  const items = conflicts.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <PageHeader
        title="Sync conflicts"
        subtitle="A field changed both in Patron and at a POS between two syncs, and Patron will not guess which is right."
      />
      {conflicts.isPending ? (
        <LoadingRows rows={3} label="Loading sync conflicts" />
      ) : conflicts.isError ? (
        <ProblemCallout failure={conflicts.error.failure} onRetry={() => conflicts.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="No open sync conflicts.">
          When a date of birth, an ID number or another field is changed both here and at a store's POS before the next
          sync, both values wait here for you to choose one. Until then, that field is not pushed to the POS.
        </EmptyState>
      ) : (
        <Flex direction="column" gap="3">
          {items.map((conflict) => (
            <ConflictCard key={conflict.id} conflict={conflict} storeName={storeNames.get(conflict.storeId)} />
          ))}
          {conflicts.hasNextPage ? (
            <Box>
              <Button
                variant="soft"
                highContrast
                loading={conflicts.isFetchingNextPage}
                onClick={() => conflicts.fetchNextPage()}
              >
                Show more
              </Button>
            </Box>
          ) : null}
        </Flex>
      )}
    </>
  );
}

function ConflictCard({ conflict, storeName }: { conflict: SyncConflict; storeName: string | undefined }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [sending, setSending] = useState<'local' | 'pos' | null>(null);
  const [kept, setKept] = useState<'local' | 'pos' | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const store = storeName ?? 'the POS';
  const headingId = `conflict-${conflict.id}`;

  async function resolve(keep: 'local' | 'pos') {
    setSending(keep);
    setFailure(null);
    const answer = await api.call<SyncConflict>(`/sync-conflicts/${conflict.id}/resolve`, {
      method: 'POST',
      body: { keep },
    });
    setSending(null);
    if (!answer.ok) {
      setFailure(answer.failure);
      return;
    }
    setKept(keep);
    // The customer's record (and the overview's count) changed; this list keeps the card to show the result.
    await queryClient.invalidateQueries({ queryKey: apiQueryKey(`/customers/${conflict.customerId}`) });
    await queryClient.invalidateQueries({ queryKey: apiQueryKey('/sync-conflicts?limit=200') });
  }

  return (
    <Card size="2" asChild>
      <section aria-labelledby={headingId}>
        <Flex justify="between" align="start" gap="3" wrap="wrap" mb="3">
          <div>
            <Heading as="h2" size="3" id={headingId}>
              {conflictFieldLabel(conflict.field)} at {store}
            </Heading>
            <Text as="p" size="2" color="gray">
              <CustomerLink customerId={conflict.customerId} /> · found {formatWhen(conflict.detectedAt)}
            </Text>
          </div>
          {kept ? <Badge color="green">Resolved</Badge> : <Badge color="amber">Open</Badge>}
        </Flex>
        <div className="data-quality-values">
          <div className="data-quality-value">
            <Text as="p" size="1" color="gray" mb="1">
              In Patron
            </Text>
            <Text as="p" size="3" weight="medium">
              {shownValue(conflict.localValue)}
            </Text>
          </div>
          <div className="data-quality-value">
            <Text as="p" size="1" color="gray" mb="1">
              At {store}
            </Text>
            <Text as="p" size="3" weight="medium">
              {shownValue(conflict.posValue)}
            </Text>
          </div>
        </div>
        {kept ? (
          <Callout.Root color="green" mt="3" role="status">
            <Callout.Icon>
              <CheckCircledIcon />
            </Callout.Icon>
            <Callout.Text>
              {kept === 'local'
                ? `Kept Patron's value (${shownValue(conflict.localValue)}); it goes to ${store} with the next push.`
                : `Kept ${store}'s value (${shownValue(conflict.posValue)}); the record now holds it and the other stores get it.`}
            </Callout.Text>
          </Callout.Root>
        ) : (
          <Flex gap="3" mt="3" wrap="wrap">
            <Button loading={sending === 'local'} disabled={sending !== null} onClick={() => resolve('local')}>
              Keep Patron's
            </Button>
            <Button
              variant="soft"
              loading={sending === 'pos'}
              disabled={sending !== null}
              onClick={() => resolve('pos')}
            >
              Keep the POS's
            </Button>
          </Flex>
        )}
        {failure ? (
          <Callout.Root color="red" mt="3" role="alert">
            <Callout.Text>{describeFailure(failure)}</Callout.Text>
          </Callout.Root>
        ) : null}
      </section>
    </Card>
  );
}
