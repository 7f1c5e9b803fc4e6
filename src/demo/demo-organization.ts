/**
 * Demo mode: the organizations, stores and users of API.md's "Demo mode", created once and found
 * again on later starts, and a kiosk key for the first store. Given a key file (the server's data
 * folder, demo-kiosk-key.ts) the same key serves every start; without one (tests) each call issues a
 * fresh key, since keys are stored hashed and an earlier one cannot be shown again. Either way the
 * previous demo kiosk keys are revoked: one is live.
 */

import { and, eq, isNull } from 'drizzle-orm';
import type { UserRole } from '../auth/actor.ts';
import { insertApiKey, revokeKeysNamed } from '../auth/api-keys.ts';
import { users } from '../auth/tables.ts';
import { insertUser } from '../auth/users.ts';
import type { Db } from '../db/database.ts';
import { ensureOrganization } from '../db/organizations.ts';
import { insertStore } from '../stores/stores.ts';
import { stores } from '../stores/tables.ts';
import { DEMO_KIOSK_KEY_NAME, keptDemoKioskKey } from './demo-kiosk-key.ts';

export const DEMO_VENDORS = ['Treez', 'Flowhub', 'Cova', 'Dutchie', 'Blaze'] as const;

export interface DemoSetup {
  orgId: string;
  storeIds: Record<(typeof DEMO_VENDORS)[number], string>;
  kioskKey: string;
}

const DEMO_STORE_ADDRESSES = [
  { line1: '100 Fremont St', city: 'Las Vegas', postalCode: '89101' },
  { line1: '2300 S Rainbow Blvd', city: 'Las Vegas', postalCode: '89146' },
  { line1: '55 E Sunset Rd', city: 'Henderson', postalCode: '89011' },
  { line1: '740 N Virginia St', city: 'Reno', postalCode: '89501' },
  { line1: '3030 Craig Rd', city: 'North Las Vegas', postalCode: '89032' },
];

export async function ensureDemo(
  db: Db,
  password: string,
  options: { kioskKeyFile?: string | undefined } = {},
): Promise<DemoSetup> {
  const orgId = await ensureOrganization(db, 'demo-dispensary', 'Demo Dispensary');
  const storeIds = {} as DemoSetup['storeIds'];
  for (const [i, vendor] of DEMO_VENDORS.entries()) {
    const address = DEMO_STORE_ADDRESSES[i]!;
    storeIds[vendor] = await ensureStore(db, orgId, `${vendor} Store`, {
      ...address,
      line2: null,
      state: 'NV',
      country: 'US',
    });
  }
  await ensureUser(db, orgId, 'admin@demo.test', 'Dana Admin', 'admin', password);
  await ensureUser(db, orgId, 'manager@demo.test', 'Morgan Manager', 'manager', password);
  await ensureUser(db, orgId, 'staff@demo.test', 'Sam Staff', 'staff', password);

  const otherOrgId = await ensureOrganization(db, 'other-dispensary', 'Other Dispensary');
  await ensureStore(db, otherOrgId, 'Other Store', {
    line1: '1 Pearl St',
    line2: null,
    city: 'Denver',
    state: 'CO',
    postalCode: '80203',
    country: 'US',
  });
  await ensureUser(db, otherOrgId, 'admin@other.test', 'Olive Other', 'admin', password);

  if (options.kioskKeyFile !== undefined) {
    return { orgId, storeIds, kioskKey: await keptDemoKioskKey(db, orgId, storeIds.Treez, options.kioskKeyFile) };
  }
  await revokeKeysNamed(db, orgId, DEMO_KIOSK_KEY_NAME);
  const kiosk = await insertApiKey(db, orgId, { name: DEMO_KIOSK_KEY_NAME, role: 'kiosk', storeId: storeIds.Treez });
  return { orgId, storeIds, kioskKey: kiosk.key };
}

async function ensureStore(
  db: Db,
  orgId: string,
  name: string,
  address: NonNullable<typeof stores.$inferSelect.address>,
): Promise<string> {
  const [found] = await db
    .select({ id: stores.id })
    .from(stores)
    .where(and(eq(stores.orgId, orgId), eq(stores.name, name)));
  if (found) return found.id;
  return (
    await insertStore(db, orgId, {
      name,
      timezone: address.state === 'CO' ? 'America/Denver' : 'America/Los_Angeles',
      address,
    })
  ).id;
}

async function ensureUser(db: Db, orgId: string, email: string, name: string, role: UserRole, password: string) {
  const [found] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.email, email), isNull(users.deletedAt)));
  if (!found) await insertUser(db, orgId, { email, name, role, password });
}
