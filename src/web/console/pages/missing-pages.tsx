/** What the console shows for an address it has no page for, or a page the person's role may not use. */
import { Link } from 'wouter';
import { PageHeader } from '../parts/page-header.tsx';
import { EmptyState } from '../parts/page-states.tsx';
import { ROLE_LABELS, type StaffRole } from '../roles.ts';

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState title="There is no page at this address.">
        <Link href="/customers">Find a customer</Link> instead.
      </EmptyState>
    </>
  );
}

export function ForbiddenPage({ needs }: { needs: StaffRole }) {
  return (
    <>
      <PageHeader title="Not available to your role" />
      <EmptyState
        title={`This page is for ${ROLE_LABELS[needs].toLowerCase()}s${needs === 'admin' ? '' : ' and above'}.`}
      >
        Ask someone with that role, or go back to <Link href="/customers">Find a customer</Link>.
      </EmptyState>
    </>
  );
}
