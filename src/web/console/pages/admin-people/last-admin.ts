/**
 * The organization keeps one admin at least (the API answers 409 "This is the last admin of the
 * organization; make another admin first." to removing or demoting them). The console says so
 * before anyone tries: the last active admin's role and deactivation are disabled, with the reason.
 */
import type { StaffRole } from '../../roles.ts';

export const LAST_ADMIN_REASON = 'This is the last admin of the organization; make another admin first.';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  createdAt: string;
}

/**
 * The id of the only admin among `users`, or null when there are several (or none). Only a whole
 * list can tell: with pages still unread, another admin may be on them, so nothing is disabled and
 * the API's answer decides.
 */
export function lastAdminId(users: readonly UserRow[], complete: boolean): string | null {
  if (!complete) return null;
  const admins = users.filter((user) => user.role === 'admin');
  return admins.length === 1 ? admins[0]!.id : null;
}
