/**
 * The console's pages by path. Paths carry ids, never names, phone numbers or search terms: a URL
 * is kept in the browser's history and may be shared. A page the person's role may not use answers
 * "not for your role" (the sidebar never links to it, and the API would refuse its calls).
 */
import type { ComponentType } from 'react';
import { Redirect, Route, Switch, useLocation } from 'wouter';
import { ApiKeysPage } from './pages/admin-people/api-keys-page.tsx';
import { UsersPage } from './pages/admin-people/users-page.tsx';
import { WebhooksPage } from './pages/admin-people/webhooks-page.tsx';
import { NewStorePage, StorePage } from './pages/admin-sync/store-page.tsx';
import { StoresListPage } from './pages/admin-sync/stores-list-page.tsx';
import { SyncRunPage } from './pages/admin-sync/sync-run-page.tsx';
import { SyncRunsPage } from './pages/admin-sync/sync-runs-page.tsx';
import { CreateCustomerPage } from './pages/create-customer/create-customer-page.tsx';
import { CustomerPage } from './pages/customer/customer-page.tsx';
import { DataPolicyPage } from './pages/data-policy/data-policy-page.tsx';
import { ConflictsPage } from './pages/data-quality/conflicts-page.tsx';
import { DataQualityOverviewPage } from './pages/data-quality/data-quality-overview-page.tsx';
import { DuplicatesPage } from './pages/data-quality/duplicates-page.tsx';
import { ExpiredCardsPage } from './pages/data-quality/expired-cards-page.tsx';
import { QuarantinePage } from './pages/data-quality/quarantine-page.tsx';
import { ForbiddenPage, NotFoundPage } from './pages/missing-pages.tsx';
import { SearchPage } from './pages/search/search-page.tsx';
import { atLeast, type StaffRole } from './roles.ts';
import { useSignedIn } from './session/session-context.tsx';

export interface ConsoleRoute {
  /** A wouter pattern: `/customers/:id`. */
  path: string;
  minRole: StaffRole;
  page: ComponentType<{ params: Record<string, string | undefined> }>;
}

export const CONSOLE_ROUTES: readonly ConsoleRoute[] = [
  // The first pattern that matches wins: `/customers/new` stays before `/customers/:id`, which
  // would take "new" for an id.
  { path: '/customers', minRole: 'staff', page: SearchPage },
  { path: '/customers/new', minRole: 'staff', page: CreateCustomerPage },
  { path: '/customers/:id', minRole: 'staff', page: CustomerPage },
  { path: '/data-quality', minRole: 'manager', page: DataQualityOverviewPage },
  { path: '/data-quality/duplicates', minRole: 'manager', page: DuplicatesPage },
  { path: '/data-quality/conflicts', minRole: 'manager', page: ConflictsPage },
  { path: '/data-quality/quarantine', minRole: 'manager', page: QuarantinePage },
  { path: '/data-quality/expired-cards', minRole: 'manager', page: ExpiredCardsPage },
  // Managers may set the data policy too (API.md), so it lives outside the admins-only /admin section.
  { path: '/data-policy', minRole: 'manager', page: DataPolicyPage },
  { path: '/admin/stores', minRole: 'admin', page: StoresListPage },
  { path: '/admin/stores/new', minRole: 'admin', page: NewStorePage },
  { path: '/admin/stores/:id', minRole: 'admin', page: StorePage },
  { path: '/admin/sync', minRole: 'admin', page: SyncRunsPage },
  { path: '/admin/sync/:runId', minRole: 'admin', page: SyncRunPage },
  { path: '/admin/users', minRole: 'admin', page: UsersPage },
  { path: '/admin/api-keys', minRole: 'admin', page: ApiKeysPage },
  { path: '/admin/webhooks', minRole: 'admin', page: WebhooksPage },
];

/** Whole sections by role: nothing under them is for a lesser role, whichever page it is. */
const SECTIONS: readonly { prefix: string; minRole: StaffRole }[] = [
  { prefix: '/data-quality', minRole: 'manager' },
  { prefix: '/admin', minRole: 'admin' },
];

export function ConsoleRoutes() {
  const { user } = useSignedIn();
  const [location] = useLocation();
  const section = SECTIONS.find(({ prefix }) => location === prefix || location.startsWith(`${prefix}/`));
  if (section && !atLeast(user.role, section.minRole)) return <ForbiddenPage needs={section.minRole} />;
  return (
    <Switch>
      <Route path="/">
        <Redirect to="/customers" replace />
      </Route>
      <Route path="/admin">
        <Redirect to="/admin/stores" replace />
      </Route>
      {CONSOLE_ROUTES.map(({ path, minRole, page: Page }) => (
        <Route key={path} path={path}>
          {(params) => (atLeast(user.role, minRole) ? <Page params={params} /> : <ForbiddenPage needs={minRole} />)}
        </Route>
      ))}
      <Route>
        <NotFoundPage />
      </Route>
    </Switch>
  );
}
