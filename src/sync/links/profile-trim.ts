/**
 * POS records and the store's jurisdiction data profile (domain/data-profiles.ts; DESIGN "Privacy and
 * security"), both ways. Sync writes at the store it syncs with, so that store's profile applies (the
 * rule of customers/data-profile-check.ts). Inbound, a record is trimmed before anything of it is
 * stored: nobody can be asked to leave a field out and the record must not disappear, so the field is
 * dropped silently and the link's issues say so (`not-kept`), never the value. Outbound, a push never
 * sends what the store does not keep.
 *
 * A field kept only with the customer's authorization is kept from a record linked to a customer who
 * recorded one (through Patron: a POS cannot show it); a record of someone not known yet has none.
 * What Patron already holds of a dropped field stays: the record's synced fields leave it out, so its
 * blank is no change.
 */
import { authorizedKinds } from '../../customers/authorizations.ts';
import type { CustomerRow } from '../../customers/customer-record.ts';
import type { Db } from '../../db/database.ts';
import type { Tx } from '../../db/tx.ts';
import { type DataProfile, trimToProfile } from '../../domain/data-profiles.ts';
import type { PosCustomer } from '../../pos/port.ts';
import { storeDataProfile } from '../../stores/data-profile.ts';
import { findLink } from '../inbound/identity-resolution.ts';

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
  // The same reading of the record's type as inbound/columns.ts.
  const type = pos.customerType ?? (pos.medical?.cardNumber ? 'medical' : 'adult');
  let { kept, dropped } = trimToProfile(found, type, pos);
  if (dropped.some((d) => d.rule.keep === 'with-authorization')) {
    // A customer Patron already knows here may have authorized more.
    const link = await findLink(tx, ctx.orgId, ctx.storeId, pos.externalId);
    const authorized = link ? await authorizedKinds(tx, ctx.orgId, link.customerId) : new Set<never>();
    if (authorized.size > 0) ({ kept, dropped } = trimToProfile(found, type, pos, authorized));
  }
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
