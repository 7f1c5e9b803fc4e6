/**
 * The console's pages by path. Paths carry ids, never names, phone numbers or search terms: a URL
 * is kept in the browser's history and may be shared. A page the person's role may not use answers
 * "not for your role" (the sidebar never links to it, and the API would refuse its calls).
 */
import { type ComponentType, lazy, Suspense } from 'react';
import { Redirect, Route, Switch, useLocation } from 'wouter';
import { CreateCustomerPage } from './pages/create-customer/create-customer-page.tsx';
import { CustomerPage } from './pages/customer/customer-page.tsx';
import { ForbiddenPage, NotFoundPage } from './pages/missing-pages.tsx';
import { SearchPage } from './pages/search/search-page.tsx';
import { LoadingRows } from './parts/page-states.tsx';
import { atLeast, type StaffRole } from './roles.ts';
import { useSignedIn } from './session/session-context.tsx';

type PageComponent = ComponentType<{ params: Record<string, string | undefined> }>;
type PageModule = Record<string, PageComponent>;

/** A page of a lazily loaded chunk (one chunk per section, fetched on the first visit). */
function lazyPage(load: () => Promise<unknown>, name: string): PageComponent {
  return lazy(async () => ({ default: ((await load()) as PageModule)[name] as PageComponent }));
}
const adminPage = (name: string) => lazyPage(() => import('./pages/admin-pages.ts'), name);
const dataQualityPage = (name: string) => lazyPage(() => import('./pages/data-quality-pages.ts'), name);

export interface ConsoleRoute {
  /** A wouter pattern: `/customers/:id`. */
  path: string;
  minRole: StaffRole;
  page: PageComponent;
}

export const CONSOLE_ROUTES: readonly ConsoleRoute[] = [
  // The first pattern that matches wins: `/customers/new` stays before `/customers/:id`, which
  // would take "new" for an id.
  { path: '/customers', minRole: 'staff', page: SearchPage },
  { path: '/customers/new', minRole: 'staff', page: CreateCustomerPage },
  { path: '/customers/:id', minRole: 'staff', page: CustomerPage },
  { path: '/segments', minRole: 'manager', page: dataQualityPage('SegmentsPage') },
  { path: '/segments/:id', minRole: 'manager', page: dataQualityPage('SegmentPage') },
  { path: '/data-quality', minRole: 'manager', page: dataQualityPage('DataQualityOverviewPage') },
  { path: '/data-quality/duplicates', minRole: 'manager', page: dataQualityPage('DuplicatesPage') },
  { path: '/data-quality/conflicts', minRole: 'manager', page: dataQualityPage('ConflictsPage') },
  { path: '/data-quality/quarantine', minRole: 'manager', page: dataQualityPage('QuarantinePage') },
  { path: '/data-quality/expired-cards', minRole: 'manager', page: dataQualityPage('ExpiredCardsPage') },
  // Managers may set the data policy too (API.md), so it lives outside the admins-only /admin section.
  { path: '/data-policy', minRole: 'manager', page: adminPage('DataPolicyPage') },
  { path: '/admin/stores', minRole: 'admin', page: adminPage('StoresListPage') },
  { path: '/admin/stores/new', minRole: 'admin', page: adminPage('NewStorePage') },
  { path: '/admin/stores/:id', minRole: 'admin', page: adminPage('StorePage') },
  { path: '/admin/sync', minRole: 'admin', page: adminPage('SyncRunsPage') },
  { path: '/admin/sync/:runId', minRole: 'admin', page: adminPage('SyncRunPage') },
  { path: '/admin/users', minRole: 'admin', page: adminPage('UsersPage') },
  { path: '/admin/api-keys', minRole: 'admin', page: adminPage('ApiKeysPage') },
  { path: '/admin/webhooks', minRole: 'admin', page: adminPage('WebhooksPage') },
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
    <Suspense fallback={<LoadingRows rows={6} label="Loading the page" />}>
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
    </Suspense>
  );
}
