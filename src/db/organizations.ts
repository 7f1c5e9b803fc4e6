/**
 * Organizations, the tenants: created once by slug (the demo set-up, the first admin's bootstrap) and
 * found again by it, so running a set-up twice changes nothing. The table is db's (every tenant table
 * references it), so this is its one writer.
 */
import { eq } from 'drizzle-orm';
import { organizations } from './tables.ts';
import type { Db } from './tx.ts';

/** The organization with `slug`, created with `name` if there is none yet; its id. */
export async function ensureOrganization(db: Db, slug: string, name: string): Promise<string> {
  await db.insert(organizations).values({ slug, name }).onConflictDoNothing({ target: organizations.slug });
  const [org] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, slug));
  return org!.id;
}
