/**
 * Without demo data (`PATRON_DEMO=0`), the first start creates the organization and its first admin
 * from PATRON_ORG_NAME, PATRON_ADMIN_EMAIL and PATRON_ADMIN_PASSWORD. Later starts change nothing.
 */
import { count } from 'drizzle-orm';
import { users } from '../auth/tables.ts';
import { insertUser } from '../auth/users.ts';
import type { Db } from '../db/database.ts';
import { ensureOrganization } from '../db/organizations.ts';

export class BootstrapError extends Error {}

export async function bootstrapFirstAdmin(
  db: Db,
  admin: { email: string; password: string; orgName: string } | undefined,
): Promise<'created' | 'exists'> {
  const [row] = await db.select({ n: count() }).from(users);
  if ((row?.n ?? 0) > 0) return 'exists';
  if (!admin) {
    throw new BootstrapError(
      'No users exist yet and demo mode is off: set PATRON_ADMIN_EMAIL and PATRON_ADMIN_PASSWORD (and optionally PATRON_ORG_NAME) to create the first admin.',
    );
  }
  const slug =
    admin.orgName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'organization';
  const orgId = await ensureOrganization(db, slug, admin.orgName);
  await insertUser(db, orgId, { email: admin.email, name: 'Administrator', role: 'admin', password: admin.password });
  return 'created';
}
