/** Suspected duplicates (manager+): the pairs grouped, each group with its people; pick two to merge. */
import { Badge, Button, Card, Flex, Table, Text } from '@radix-ui/themes';
import { useState } from 'react';
import { DataTable } from '../../parts/data-table.tsx';
import { PageHeader } from '../../parts/page-header.tsx';
import { EmptyState, LoadingRows, ProblemCallout } from '../../parts/page-states.tsx';
import { itemsOf, usePagedList } from '../../parts/paged-list.ts';
import { useCustomer } from './duplicate-data.ts';
import { type DuplicateGroup, type DuplicatePair, groupDuplicates, reasonLabel } from './duplicate-groups.ts';
import { MergePanel } from './merge-panel.tsx';
import './duplicates.css';

/** Groups shown at once (each reads its customers). */
const PAGE = 10;
/** Pairs read per call (the API's largest page). */
const PAIRS_PAGE = 200;

export function DuplicatesPage() {
  const pairs = usePagedList<DuplicatePair>('/duplicates', PAIRS_PAGE);
  const [merging, setMerging] = useState<DuplicateGroup | null>(null);
  const [shown, setShown] = useState(PAGE);
  if (merging) return <MergePanel group={merging} onDone={() => setMerging(null)} />;
  const read = itemsOf(pairs.data?.pages);
  // Grouped over every pair read so far: a group may still grow when more pairs are read.
  // Newest first: what was just written is what a manager is most likely looking for.
  const groups = groupDuplicates(read.items).sort((a, b) => b.detectedAt.localeCompare(a.detectedAt));
  return (
    <>
      <PageHeader
        title="Suspected duplicates"
        subtitle="People who may be one person: they share a phone, an email, or a name and birthday."
      />
      {pairs.isPending ? (
        <LoadingRows label="Loading suspected duplicates" />
      ) : pairs.isError ? (
        <ProblemCallout failure={pairs.error.failure} onRetry={() => pairs.refetch()} />
      ) : groups.length === 0 ? (
        <EmptyState title="No suspected duplicates.">New ones appear here as customers are written.</EmptyState>
      ) : (
        <Flex direction="column" gap="4">
          <Text size="2" color="gray">
            {groups.length} {groups.length === 1 ? 'group' : 'groups'}, newest first
            {read.complete ? '' : `, from the first ${read.items.length} suspected pairs`}
          </Text>
          {groups.slice(0, shown).map((group, index) => (
            <GroupCard key={group.customerIds.join()} group={group} index={index} onMerge={() => setMerging(group)} />
          ))}
          {groups.length > shown ? (
            <Flex justify="center">
              <Button variant="soft" highContrast onClick={() => setShown(shown + PAGE)}>
                Show {Math.min(PAGE, groups.length - shown)} more
              </Button>
            </Flex>
          ) : null}
          {read.complete ? null : (
            <Flex justify="center">
              <Button
                variant="soft"
                highContrast
                loading={pairs.isFetchingNextPage}
                onClick={() => pairs.fetchNextPage()}
              >
                Read the next {PAIRS_PAGE} suspected pairs
              </Button>
            </Flex>
          )}
        </Flex>
      )}
    </>
  );
}

function GroupCard({ group, index, onMerge }: { group: DuplicateGroup; index: number; onMerge: () => void }) {
  const headingId = `duplicates-group-${index}`;
  return (
    <Card asChild>
      <section aria-labelledby={headingId}>
        <Flex justify="between" align="center" gap="3" mb="2" wrap="wrap">
          <Flex gap="2" align="center" wrap="wrap">
            <Text as="p" weight="bold" id={headingId}>
              Group {index + 1}
            </Text>
            {group.reasons.map((reason) => (
              <Badge key={reason} color="amber">
                {reasonLabel(reason)}
              </Badge>
            ))}
            <Text size="2" color="gray">
              detected {new Date(group.detectedAt).toLocaleString()}
            </Text>
          </Flex>
          <Button onClick={onMerge}>Compare and merge</Button>
        </Flex>
        <DataTable size="1" label={`People in group ${index + 1}`}>
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeaderCell>Name</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Date of birth</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Phone</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Email</Table.ColumnHeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {group.customerIds.map((id) => (
              <PersonRow key={id} id={id} />
            ))}
          </Table.Body>
        </DataTable>
      </section>
    </Card>
  );
}

function PersonRow({ id }: { id: string }) {
  const customer = useCustomer(id);
  if (!customer.data)
    return (
      <Table.Row>
        <Table.Cell colSpan={4}>
          <Text size="2" color={customer.isError ? 'red' : 'gray'}>
            {customer.isError ? 'Could not load this customer.' : 'Loading…'}
          </Text>
        </Table.Cell>
      </Table.Row>
    );
  const c = customer.data;
  return (
    <Table.Row>
      <Table.RowHeaderCell>
        {c.firstName} {c.lastName}
      </Table.RowHeaderCell>
      <Table.Cell>{c.dateOfBirth}</Table.Cell>
      <Table.Cell>{c.phone ?? '—'}</Table.Cell>
      <Table.Cell>{c.email ?? '—'}</Table.Cell>
    </Table.Row>
  );
}
