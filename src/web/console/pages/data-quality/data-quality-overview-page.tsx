/**
 * Data quality (manager+): what needs a person's eye, with counts, and the way to each list:
 * suspected duplicates (their page is the merge helper's), sync conflicts, quarantined POS records
 * and expired medical cards.
 */
import { Badge, Card, Flex, Grid, Heading, Skeleton, Text } from '@radix-ui/themes';
import { Link } from 'wouter';
import { useApiQuery } from '../../api/use-api.ts';
import { PageHeader } from '../../parts/page-header.tsx';
import type { Page } from './data-quality-lookups.tsx';
import './data-quality.css';

const COUNT_LIMIT = 200;

const AREAS = [
  {
    path: '/data-quality/duplicates',
    list: `/duplicates?limit=${COUNT_LIMIT}`,
    title: 'Suspected duplicates',
    about: 'Customers who may be the same person: compare them and merge, choosing the surviving values.',
  },
  {
    path: '/data-quality/conflicts',
    list: `/sync-conflicts?limit=${COUNT_LIMIT}`,
    title: 'Sync conflicts',
    about: 'A field changed both in Patron and at a POS between syncs: choose which value stands.',
  },
  {
    path: '/data-quality/quarantine',
    list: `/sync-quarantine?limit=${COUNT_LIMIT}`,
    title: 'Quarantined POS records',
    about: 'Records a POS sent that Patron could not read or apply: fix them at the POS.',
  },
  {
    path: '/data-quality/expired-cards',
    list: `/data-quality-flags?kind=medical_card_expired&limit=${COUNT_LIMIT}`,
    title: 'Expired medical cards',
    about: 'Medical patients whose card has passed its expiry date: ask for the renewed card.',
  },
] as const;

export function DataQualityOverviewPage() {
  return (
    <>
      <PageHeader
        title="Data quality"
        subtitle="What needs a person's decision to keep one clean record per customer."
      />
      <Grid columns={{ initial: '1', sm: '2' }} gap="4">
        {AREAS.map((area) => (
          <AreaCard key={area.path} {...area} />
        ))}
      </Grid>
    </>
  );
}

function AreaCard({ path, list, title, about }: { path: string; list: string; title: string; about: string }) {
  const answer = useApiQuery<Page<unknown>>(list);
  const count = answer.data ? `${answer.data.items.length}${answer.data.nextCursor ? '+' : ''}` : null;
  return (
    <Card asChild size="3">
      <Link href={path} className="data-quality-card">
        <Flex justify="between" align="center" gap="3" mb="2">
          <Heading as="h2" size="4">
            {title}
          </Heading>
          {answer.isError ? (
            <Badge color="red">Could not count</Badge>
          ) : count === null ? (
            <Skeleton width="40px" height="24px" />
          ) : (
            <Badge size="3" color={count === '0' ? 'gray' : 'amber'} aria-label={`${count} open`}>
              {count}
            </Badge>
          )}
        </Flex>
        <Text as="p" size="2" color="gray">
          {about}
        </Text>
      </Link>
    </Card>
  );
}
