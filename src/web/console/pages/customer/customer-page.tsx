/**
 * The customer page (/customers/:id, staff and above): profile, loyalty, consent and its history,
 * tags, POS links, the edit form; for managers the audit trail, the export and erasure.
 */
import { Pencil1Icon } from '@radix-ui/react-icons';
import { Button, Flex, Grid } from '@radix-ui/themes';
import { useState } from 'react';
import { Link } from 'wouter';
import { useApiQuery } from '../../api/use-api.ts';
import { PageHeader } from '../../parts/page-header.tsx';
import { EmptyState, LoadingRows, ProblemCallout } from '../../parts/page-states.tsx';
import { atLeast } from '../../roles.ts';
import { useSignedIn } from '../../session/session-context.tsx';
import { CustomerAudit } from './customer-audit.tsx';
import { CustomerConsents } from './customer-consents.tsx';
import { CustomerEditForm } from './customer-edit-form.tsx';
import { CustomerOrders } from './customer-orders.tsx';
import { CustomerPrivacyActions, ErasureResult } from './customer-privacy-actions.tsx';
import { CustomerLoyalty, CustomerProfile } from './customer-profile.tsx';
import { CustomerSyncPanel } from './customer-sync-panel.tsx';
import { CustomerTags } from './customer-tags.tsx';
import type { CustomerRecord, Page, StoreSummary } from './customer-types.ts';
import './customer-page.css';

export function CustomerPage({ params }: { params: Record<string, string | undefined> }) {
  const id = params.id ?? '';
  const { user } = useSignedIn();
  const [editing, setEditing] = useState(false);
  const [erasureId, setErasureId] = useState<string | null>(null);
  const customer = useApiQuery<CustomerRecord>(erasureId ? null : `/customers/${id}`, { retry: false });
  const stores = useApiQuery<Page<StoreSummary>>('/stores?limit=200');
  const storeList = stores.data?.items ?? [];
  const manager = atLeast(user.role, 'manager');

  if (erasureId) {
    return (
      <>
        <PageHeader title="Customer erased" subtitle={<Link href="/customers">Find a customer</Link>} />
        <ErasureResult erasureId={erasureId} stores={storeList} />
      </>
    );
  }
  if (customer.isPending) {
    return (
      <>
        <PageHeader title="Customer" />
        <LoadingRows rows={8} label="Loading the customer" />
      </>
    );
  }
  if (customer.isError) {
    const failure = customer.error.failure;
    if (failure.kind === 'problem' && failure.status === 404) {
      return (
        <>
          <PageHeader title="Customer not found" />
          <EmptyState title="This customer was not found. They may have been merged or erased.">
            <Link href="/customers">Find a customer</Link>
          </EmptyState>
        </>
      );
    }
    return (
      <>
        <PageHeader title="Customer" />
        <ProblemCallout failure={failure} onRetry={() => customer.refetch()} />
      </>
    );
  }
  const person = customer.data;
  return (
    <>
      <PageHeader
        title={`${person.firstName} ${person.lastName}`}
        subtitle={`${person.customerType === 'medical' ? 'Medical' : 'Adult-use'} customer · version ${person.version}`}
        actions={
          editing ? null : (
            <Button variant="soft" highContrast onClick={() => setEditing(true)}>
              <Pencil1Icon /> Edit
            </Button>
          )
        }
      />
      <Grid columns={{ initial: '1', md: '2' }} gap="4" className="customer-page-grid">
        <Flex direction="column" gap="4">
          {editing ? (
            <CustomerEditForm key={person.id} customer={person} stores={storeList} onDone={() => setEditing(false)} />
          ) : (
            <CustomerProfile customer={person} stores={storeList} />
          )}
          <CustomerTags customer={person} />
        </Flex>
        <Flex direction="column" gap="4">
          <CustomerLoyalty customer={person} stores={storeList} />
          <CustomerConsents customer={person} stores={storeList} />
        </Flex>
      </Grid>
      <Flex direction="column" gap="4" mt="4">
        {stores.isError ? <ProblemCallout failure={stores.error.failure} onRetry={() => stores.refetch()} /> : null}
        <CustomerSyncPanel customerId={person.id} stores={storeList} />
        <CustomerOrders customerId={person.id} />
        {manager ? <CustomerAudit customerId={person.id} stores={storeList} /> : null}
        {manager ? <CustomerPrivacyActions customer={person} onErased={setErasureId} /> : null}
      </Flex>
    </>
  );
}
