/**
 * Inbound POS records trimmed to the pulling store's jurisdiction data profile before anything of
 * them is stored (domain/data-profiles.ts; DESIGN "Privacy and security"). The sync engine writes at
 * the pulling store, so that store's profile applies (the same rule as customers/data-profile-check.ts).
 * Unlike a write through the API, nobody can be asked to leave a field out, and the record must not
 * disappear: the field is dropped silently, and the link's issues say so (`not-kept`), never the value.
 *
 * Authorizations are not consulted: a POS cannot show one, and most records are not yet anyone Patron
 * knows. A field a profile keeps only with an authorization is therefore dropped from inbound records
 * even for a customer who gave one; it can still be recorded through Patron. What Patron already
 * holds of a dropped field stays: the record's synced fields leave it out, so its blank is no change.
 */
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
