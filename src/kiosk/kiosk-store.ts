/**
 * GET /kiosk/store: what the kiosk's screens show and need of the store the key stands in, which
 * also serves the kiosk's setup as its check that the key works. The consent wording is built from
 * the store's name (domain/consent-wording.ts): the kiosk shows it beside each unticked box and
 * sends it back verbatim when the box is ticked, so the ledger keeps the words the person saw. The
 * ages are the domain's (domain/age.ts), which the signup rules enforce, so a screen never disagrees.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { ADULT_USE_MINIMUM_AGE, MEDICAL_MINIMUM_AGE } from '../domain/age.ts';
import { type ConsentWording, consentWording } from '../domain/consent-wording.ts';
import { NotFound } from '../domain/errors.ts';
import type { AuditContext } from '../privacy/audit-log.ts';
import { stores } from '../stores/tables.ts';
import { asKiosk } from './kiosk-actor.ts';

export interface KioskStoreView {
  store: {
    id: string;
    name: string;
    /** The two-letter state of the store's address; null when the store has no address on file. */
    state: string | null;
    timezone: string;
  };
  consentWording: ConsentWording;
  ageRules: { adultMinimumAge: number; medicalMinimumAge: number };
}

export async function kioskStore(db: Db, ctx: AuditContext): Promise<KioskStoreView> {
  const kiosk = asKiosk(ctx.actor, 'kioskStore', 'read');
  const [row] = await db
    .select({ id: stores.id, name: stores.name, timezone: stores.timezone, address: stores.address })
    .from(stores)
    .where(and(eq(stores.orgId, kiosk.orgId), eq(stores.id, kiosk.storeId)));
  // A key is bound to a store of its organization; a store is never deleted, but say so if it were.
  if (!row) throw new NotFound('store');
  return {
    store: { id: row.id, name: row.name, state: row.address?.state ?? null, timezone: row.timezone },
    consentWording: consentWording(row.name),
    ageRules: { adultMinimumAge: ADULT_USE_MINIMUM_AGE, medicalMinimumAge: MEDICAL_MINIMUM_AGE },
  };
}
