/**
 * The console's pages by path. Paths carry ids, never names, phone numbers or search terms: a URL
 * is kept in the browser's history and may be shared. A page the person's role may not use answers
 * "not for your role" (the sidebar never links to it, and the API would refuse its calls).
 */
import type { ComponentType } from 'react';
import { Redirect, Route, Switch, useLocation } from 'wouter';
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

export const CONSOLE_ROUTES: readonly ConsoleRoute[] = [{ path: '/customers', minRole: 'staff', page: SearchPage }];

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
