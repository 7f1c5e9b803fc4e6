/**
 * Whether a store's POS can create a customer, checked before anything is sent: the vendor's declared
 * create requirements (src/pos/<vendor>/requirements.ts) against the customer as the push would send
 * them there. The same check answers a create at the home store, a link request and, in the push
 * itself, a create whose customer was edited since, so none of them finds out from the POS.
 */
import type { CustomerRow } from '../../customers/customer-record.ts';
import type { Db } from '../../db/database.ts';
import type { FieldError } from '../../domain/errors.ts';
import { type CustomerFields, unmetRequirements } from '../../pos/create-requirements.ts';
import { createRequirements } from '../../pos/registry.ts';
import { keptAtStore } from '../links/profile-trim.ts';

/** What `vendor` would refuse of a customer given in Patron's field paths (a create's validated body). */
export function unmetAtPos(vendor: string, customer: CustomerFields): FieldError[] {
  return unmetRequirements(createRequirements(vendor), customer);
}

/**
 * What `vendor` would refuse of a stored customer, as a push to that store sends them: after the
 * store's data profile has dropped what it does not keep (sync/links/profile-trim.ts).
 */
export async function unmetAtPosFor(
  db: Pick<Db, 'select'>,
  at: { orgId: string; storeId: string; vendor: string },
  customer: CustomerRow,
): Promise<FieldError[]> {
  if (createRequirements(at.vendor).length === 0) return [];
  const { customer: sent } = await keptAtStore(db, at, customer, []);
  return unmetInSent(at.vendor, sent);
}

/** What `vendor` would refuse of a customer already trimmed to what the push sends. */
export function unmetInSent(vendor: string, sent: CustomerRow): FieldError[] {
  return unmetRequirements(createRequirements(vendor), fieldsOf(sent));
}

/**
 * The row in Patron's field paths, as far as presence goes (encrypted numbers stay sealed), shaped
 * like the write a push makes of it (creates.ts `fullInput`: a card only with its number, an ID
 * document only with its number and type).
 */
function fieldsOf(row: CustomerRow): CustomerFields {
  const held = (sealed: string | null) => (sealed ? 'held' : null);
  return {
    firstName: row.firstName,
    lastName: row.lastName,
    dateOfBirth: row.dateOfBirth,
    phone: row.phone,
    email: row.email,
    customerType: row.customerType,
    address: row.address,
    medical:
      row.customerType === 'medical' && row.medicalCardNumberEnc
        ? { cardNumber: held(row.medicalCardNumberEnc), state: row.medicalState, expiresOn: row.medicalExpiresOn }
        : null,
    idDocument:
      row.idDocumentType && row.idDocumentNumberEnc
        ? { number: held(row.idDocumentNumberEnc), state: row.idDocumentState, expiresOn: row.idDocumentExpiresOn }
        : null,
  };
}
