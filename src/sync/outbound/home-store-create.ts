/**
 * The seed's creation flow (DESIGN "Outbound"): a customer created with a home store is created in
 * that store's POS too, through the outbox like any other change. The create writes a `pending` link
 * in its own transaction; the outbox row it writes anyway makes the dispatcher push to that link, and
 * the push creates them at the POS (creates.ts) and records the vendor's id. Only where the store has
 * an enabled integration and its `createAtPos` is `onCreate`; with `onDemand` nothing is sent until a
 * link request or a kiosk order asks (customer-links.ts).
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import type { Tx } from '../../db/tx.ts';
import { ValidationFailed } from '../../domain/errors.ts';
import type { CustomerFields } from '../../pos/create-requirements.ts';
import { stores } from '../../stores/tables.ts';
import { customerLinks, storeIntegrations } from '../tables.ts';
import { unmetAtPos } from './pos-create-check.ts';

/** The home store's POS a new customer is created in right away. */
export interface CreateAtHomePos {
  storeId: string;
  vendor: string;
}

/** Where a new customer with this home store is created at once, or null (no store, no integration, `onDemand`). */
export async function createAtHomePos(
  db: Pick<Db, 'select'>,
  orgId: string,
  homeStoreId: string | null,
): Promise<CreateAtHomePos | null> {
  if (!homeStoreId) return null;
  const [row] = await db
    .select({ vendor: storeIntegrations.vendor })
    .from(stores)
    .innerJoin(
      storeIntegrations,
      and(eq(storeIntegrations.orgId, stores.orgId), eq(storeIntegrations.storeId, stores.id)),
    )
    .where(
      and(
        eq(stores.orgId, orgId),
        eq(stores.id, homeStoreId),
        eq(stores.createAtPos, 'onCreate'),
        eq(storeIntegrations.enabled, true),
      ),
    );
  return row ? { storeId: homeStoreId, vendor: row.vendor } : null;
}

/** Refuses (422, every field named) a new customer the home store's POS would refuse, before anything is stored. */
export function assertHomePosCanCreate(at: CreateAtHomePos, customer: CustomerFields): void {
  const unmet = unmetAtPos(at.vendor, customer);
  if (unmet.length > 0) throw new ValidationFailed(unmet);
}

/** The new customer's link to the home store, `pending` until the push has created them there. */
export async function linkAtHomePos(tx: Tx, orgId: string, customerId: string, at: CreateAtHomePos): Promise<void> {
  await tx
    .insert(customerLinks)
    .values({ orgId, storeId: at.storeId, customerId, externalId: null, status: 'pending' });
}
