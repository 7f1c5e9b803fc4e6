/**
 * /segments (manager+): the prebuilt segments and the organization's, each with its live count and
 * what it holds in words; a name opens the segment's members. New segments are saved from the
 * search page's chips ("Save as segment").
 */
import { Badge, Link as RadixLink, Table, Text } from '@radix-ui/themes';
import { Link } from 'wouter';
import { DataTable } from '../../parts/data-table.tsx';
import { PageHeader } from '../../parts/page-header.tsx';
import { EmptyState, LoadingRows, ProblemCallout } from '../../parts/page-states.tsx';
import { usePagedList } from '../../parts/paged-list.ts';
import { ShowMore } from '../../parts/show-more.tsx';
import { segmentFilterText } from './segment-filter-text.ts';
import type { Segment } from './segment-types.ts';

export function SegmentsPage() {
  const list = usePagedList<Segment>('/segments', 50);
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <PageHeader
        title="Segments"
        subtitle="Groups of customers counted as they change. Save a new one from the chips on Find a customer."
      />
      {list.isPending ? <LoadingRows rows={5} label="Loading segments" /> : null}
      {list.isError ? <ProblemCallout failure={list.error.failure} onRetry={() => list.refetch()} /> : null}
      {list.data && items.length === 0 ? <EmptyState title="No segments yet." /> : null}
      {items.length > 0 ? (
        <DataTable label="Segments">
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeaderCell>Segment</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Who</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell justify="end">Customers</Table.ColumnHeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {items.map((segment) => (
              <Table.Row key={segment.id}>
                <Table.RowHeaderCell>
                  <RadixLink asChild>
                    <Link href={`/segments/${segment.id}`}>{segment.name}</Link>
                  </RadixLink>{' '}
                  {segment.prebuilt ? (
                    <Badge color="gray" variant="soft">
                      Prebuilt
                    </Badge>
                  ) : null}
                </Table.RowHeaderCell>
                <Table.Cell>
                  <Text size="2" color="gray">
                    {segment.description ?? (segmentFilterText(segment.filter).join(' · ') || 'Every customer')}
                  </Text>
                </Table.Cell>
                <Table.Cell justify="end">{segment.count.toLocaleString('en-US')}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </DataTable>
      ) : null}
      <ShowMore list={list} />
    </>
  );
}
