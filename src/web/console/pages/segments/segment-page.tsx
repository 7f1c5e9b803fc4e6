/**
 * /segments/:id (manager+): a segment's live count, what it holds in words, and its members now, a
 * page at a time, each linking to the customer. The organization's segments can be deleted here
 * (the customers stay); prebuilt ones cannot.
 */
import { Badge, Flex, Link as RadixLink, Table, Text } from '@radix-ui/themes';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useLocation } from 'wouter';
import { useApi, useApiQuery } from '../../api/use-api.ts';
import { ConfirmAction } from '../../parts/confirm-action.tsx';
import { DataTable } from '../../parts/data-table.tsx';
import { PageHeader } from '../../parts/page-header.tsx';
import { EmptyState, LoadingRows, ProblemCallout } from '../../parts/page-states.tsx';
import { usePagedList } from '../../parts/paged-list.ts';
import { ShowMore } from '../../parts/show-more.tsx';
import { segmentFilterText } from './segment-filter-text.ts';
import type { Segment } from './segment-types.ts';

interface Member {
  id: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  customerType: 'adult' | 'medical';
  homeStoreId: string | null;
}

export function SegmentPage({ params }: { params: Record<string, string | undefined> }) {
  const id = params.id ?? '';
  const api = useApi();
  const queries = useQueryClient();
  const [, navigate] = useLocation();
  const segment = useApiQuery<Segment>(`/segments/${id}`);
  const stores = useApiQuery<{ items: { id: string; name: string }[] }>('/stores?limit=200', { staleTime: 60_000 });
  const storeName = (storeId: string | null) =>
    storeId ? stores.data?.items.find((s) => s.id === storeId)?.name : undefined;
  const members = usePagedList<Member>(`/segments/${id}/customers`, 50);
  const people = members.data?.pages.flatMap((page) => page.items) ?? [];

  if (segment.isPending) return <LoadingRows rows={4} label="Loading the segment" />;
  if (segment.isError) return <ProblemCallout failure={segment.error.failure} onRetry={() => segment.refetch()} />;
  const shown = segment.data;
  const words = segmentFilterText(shown.filter, (storeId) => storeName(storeId));
  return (
    <>
      <PageHeader
        title={shown.name}
        subtitle={`${shown.count.toLocaleString('en-US')} ${shown.count === 1 ? 'customer' : 'customers'} now`}
        actions={
          shown.prebuilt ? null : (
            <ConfirmAction
              trigger="Delete segment"
              title={`Delete “${shown.name}”?`}
              description="The segment goes; its customers are not touched."
              confirm="Delete segment"
              onConfirm={async () => {
                const answer = await api.call(`/segments/${shown.id}`, { method: 'DELETE' });
                if (answer.ok) {
                  // Every read under /segments is out of date: dropped, so the list never shows the deleted one.
                  queries.removeQueries({ queryKey: ['api', 'segments'] });
                  navigate('/segments');
                }
                return answer;
              }}
            />
          )
        }
      />
      <Flex gap="2" wrap="wrap" mb="3" align="center">
        {shown.prebuilt ? (
          <Badge color="gray" variant="soft">
            Prebuilt
          </Badge>
        ) : null}
        {shown.description ? <Text size="2">{shown.description}.</Text> : null}
        {words.length === 0 ? <Text size="2">Every customer</Text> : null}
        {words.map((text) => (
          <Badge key={text} variant="outline" color="gray" size="2">
            {text}
          </Badge>
        ))}
        <RadixLink asChild size="2">
          <Link href="/segments">All segments</Link>
        </RadixLink>
      </Flex>
      {members.isPending ? <LoadingRows rows={5} label="Loading the customers" /> : null}
      {members.isError ? <ProblemCallout failure={members.error.failure} onRetry={() => members.refetch()} /> : null}
      {members.data && people.length === 0 ? <EmptyState title="No customer is in this segment now." /> : null}
      {people.length > 0 ? (
        <DataTable label={`Customers in ${shown.name}`}>
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeaderCell>Name</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Type</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Home store</Table.ColumnHeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {people.map((person) => (
              <Table.Row key={person.id}>
                <Table.RowHeaderCell>
                  <RadixLink asChild>
                    <Link href={`/customers/${person.id}`}>
                      {person.preferredName ?? person.firstName} {person.lastName}
                    </Link>
                  </RadixLink>
                </Table.RowHeaderCell>
                <Table.Cell>
                  <Badge color={person.customerType === 'medical' ? 'green' : 'gray'} variant="soft">
                    {person.customerType === 'medical' ? 'Medical' : 'Adult'}
                  </Badge>
                </Table.Cell>
                <Table.Cell>{storeName(person.homeStoreId) ?? '—'}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </DataTable>
      ) : null}
      <ShowMore list={members} />
    </>
  );
}
