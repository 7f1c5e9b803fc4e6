/**
 * The console's pages as the sidebar, the command palette and the go-to shortcuts list them. A page
 * appears only to the roles that may use it (roles.ts); the route table (routes.tsx) refuses the
 * others anyway, and the API refuses their calls.
 */
import type { StaffRole } from '../roles.ts';
import { atLeast } from '../roles.ts';

export interface NavItem {
  path: string;
  label: string;
  /** The sidebar's section. */
  group: 'Customers' | 'Data quality' | 'Admin';
  minRole: StaffRole;
  /** `g <key>` goes there (only the first page of a section has one). */
  goKey?: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/customers', label: 'Find a customer', group: 'Customers', minRole: 'staff', goKey: 'c' },
  { path: '/customers/new', label: 'New customer', group: 'Customers', minRole: 'staff' },
  { path: '/segments', label: 'Segments', group: 'Customers', minRole: 'manager' },
  { path: '/data-quality', label: 'Overview', group: 'Data quality', minRole: 'manager', goKey: 'd' },
  { path: '/data-quality/duplicates', label: 'Duplicates', group: 'Data quality', minRole: 'manager' },
  { path: '/data-quality/conflicts', label: 'Sync conflicts', group: 'Data quality', minRole: 'manager' },
  { path: '/data-quality/quarantine', label: 'Quarantined records', group: 'Data quality', minRole: 'manager' },
  { path: '/data-quality/expired-cards', label: 'Expired medical cards', group: 'Data quality', minRole: 'manager' },
  { path: '/data-policy', label: 'Data policy', group: 'Data quality', minRole: 'manager' },
  { path: '/admin/stores', label: 'Stores', group: 'Admin', minRole: 'admin', goKey: 'a' },
  { path: '/admin/sync', label: 'Sync', group: 'Admin', minRole: 'admin' },
  { path: '/admin/users', label: 'Users', group: 'Admin', minRole: 'admin' },
  { path: '/admin/api-keys', label: 'API keys', group: 'Admin', minRole: 'admin' },
  { path: '/admin/webhooks', label: 'Webhooks', group: 'Admin', minRole: 'admin' },
];

export function navItemsFor(role: StaffRole): NavItem[] {
  return NAV_ITEMS.filter((item) => atLeast(role, item.minRole));
}

/** Whether `path` is `item`'s page or one under it (`/customers/123` is under Customers). */
export function isUnder(path: string, item: NavItem): boolean {
  return path === item.path || path.startsWith(`${item.path}/`);
}
