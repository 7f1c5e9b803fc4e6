/**
 * POS records trimmed to the store's jurisdiction data profile both ways. Inbound, before anything
 * of them is stored (domain/data-profiles.ts; DESIGN "Privacy and security"). The sync engine writes at
 * the pulling store, so that store's profile applies (the same rule as customers/data-profile-check.ts).
 * Unlike a write through the API, nobody can be asked to leave a field out, and the record must not
 * disappear: the field is dropped silently, and the link's issues say so (`not-kept`), never the value.
 *
 * Authorizations are not consulted: a POS cannot show one, and most records are not yet anyone Patron
 * knows. A field a profile keeps only with an authorization is therefore dropped from inbound records
 * even for a customer who gave one; it can still be recorded through Patron. What Patron already
 * holds of a dropped field stays: the record's synced fields leave it out, so its blank is no change.
 */
import { authorizedKinds } from '../customers/authorizations.ts';
import type { CustomerRow } from '../customers/customer-record.ts';
import type { Db } from '../db/database.ts';
import { type DataProfile, trimToProfile } from '../domain/data-profiles.ts';
import type { PosCustomer } from '../pos/port.ts';
import { storeDataProfile } from '../stores/data-profile.ts';
import type { Tx } from './tx.ts';

/** One lookup per page: the context object lives as long as the page's transaction. */
const profiles = new WeakMap<object, Promise<DataProfile | null>>();

export async function trimToStoreProfile<C extends { orgId: string; storeId: string; fields: readonly string[] }>(
  tx: Tx,
  ctx: C,
  pos: PosCustomer,
): Promise<{ pos: PosCustomer; ctx: C }> {
  let profile = profiles.get(ctx);
  if (!profile) {
    profile = storeDataProfile(tx, ctx.orgId, ctx.storeId);
    profiles.set(ctx, profile);
  }
  const found = await profile;
  if (!found) return { pos, ctx };
  // The same reading of the record's type as inbound-columns.ts.
  const type = pos.customerType ?? (pos.medical?.cardNumber ? 'medical' : 'adult');
  const { kept, dropped } = trimToProfile(found, type, pos);
  if (dropped.length === 0) return { pos, ctx };
  const notKept: readonly string[] = dropped.map((d) => d.field);
  return {
    pos: {
      ...kept,
      issues: [...pos.issues, ...dropped.map((d) => ({ field: d.field, problem: 'not-kept' as const, raw: '' }))],
    },
    // For this record the store holds no such field: its trimmed blank must not read as the POS
    // clearing a value Patron holds (e.g. notes kept before the store's profile changed).
    ctx: { ...ctx, fields: ctx.fields.filter((field) => !notKept.includes(field)) },
  };
}

/**
 * Outbound: the customer as a push to this store may carry it, and the synced fields it carries.
 * A field the store's profile does not keep for this customer (given the authorizations they
 * recorded) is blanked on the copy sent and left out of the fields, so it is never written there
 * and the POS's own value, if any, stays as it is.
 */
export async function keptAtStore<F extends string>(
  db: Pick<Db, 'select'>,
  at: { orgId: string; storeId: string },
  customer: CustomerRow,
  fields: readonly F[],
): Promise<{ customer: CustomerRow; fields: F[] }> {
  const profile = await storeDataProfile(db, at.orgId, at.storeId);
  const held = { idDocument: customer.idDocumentNumberEnc, address: customer.address, notes: customer.notes };
  let dropped = profile ? trimToProfile(profile, customer.customerType, held).dropped : [];
  if (dropped.length > 0 && profile) {
    const authorized = await authorizedKinds(db, at.orgId, customer.id);
    if (authorized.size > 0) dropped = trimToProfile(profile, customer.customerType, held, authorized).dropped;
  }
  if (dropped.length === 0) return { customer, fields: [...fields] };
  const notKept: readonly string[] = dropped.map((d) => d.field);
  const sent = { ...customer };
  if (notKept.includes('idDocument')) {
    Object.assign(sent, {
      idDocumentType: null,
      idDocumentNumberEnc: null,
      idDocumentNumberIndex: null,
      idDocumentState: null,
      idDocumentExpiresOn: null,
    });
  }
  if (notKept.includes('address')) sent.address = null;
  if (notKept.includes('notes')) sent.notes = null;
  return { customer: sent, fields: fields.filter((field) => !notKept.includes(field)) };
}
