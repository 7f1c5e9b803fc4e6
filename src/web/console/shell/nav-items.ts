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
  { path: '/data-quality/duplicates', label: 'Duplicates', group: 'Data quality', minRole: 'manager' },
];

export function navItemsFor(role: StaffRole): NavItem[] {
  return NAV_ITEMS.filter((item) => atLeast(role, item.minRole));
}

/** Whether `path` is `item`'s page or one under it (`/customers/123` is under Customers). */
export function isUnder(path: string, item: NavItem): boolean {
  return path === item.path || path.startsWith(`${item.path}/`);
}
