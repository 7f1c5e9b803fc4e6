/**
 * The console's people and what each may open. The server refuses anyway (src/auth/abilities.ts);
 * this only keeps the console from showing a page or an action the person's role cannot use.
 */
export type StaffRole = 'staff' | 'manager' | 'admin';

const RANK: Record<StaffRole, number> = { staff: 1, manager: 2, admin: 3 };

/** Whether `role` holds at least the rights of `minimum` (admin ⊃ manager ⊃ staff). */
export function atLeast(role: StaffRole, minimum: StaffRole): boolean {
  return RANK[role] >= RANK[minimum];
}

export function isStaffRole(value: unknown): value is StaffRole {
  return value === 'staff' || value === 'manager' || value === 'admin';
}

export const ROLE_LABELS: Record<StaffRole, string> = { staff: 'Staff', manager: 'Manager', admin: 'Admin' };
