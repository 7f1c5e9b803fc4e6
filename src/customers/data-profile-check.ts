/**
 * Enforcement of jurisdiction data profiles (domain/data-profiles.ts) on writes through the customers
 * service: staff and API edits, kiosk signups and a customer's own edits. A write carrying a field
 * the applicable profile does not keep is refused with a 422 naming the field and the rule, rather
 * than quietly dropped: the person typing it should know it was not kept. (The sync engine, which
 * cannot ask anyone, trims inbound records instead: sync/links/profile-trim.ts.)
 *
 * Which store's profile applies: the store where the data is collected. A write made at a store (a
 * kiosk key's store, a customer token's kiosk, or `atStoreId` given by the caller) follows that store;
 * a staff or API write, made at no store in particular, follows the customer's home store (after the
 * change). A customer with neither is held to no profile: Patron cannot tell which state's rules
 * apply, and the organization chose not to say (set a home store to bring the customer under one).
 * The sync engine follows the same rule: its writes are made at the pulling store.
 */
import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/database.ts';
import type { CustomerField, NewCustomer } from '../domain/customer-schema.ts';
import { droppedFieldMessage, GOVERNED_FIELDS, type GovernedField, trimToProfile } from '../domain/data-profiles.ts';
import { ValidationFailed } from '../domain/errors.ts';
import { storeDataProfile } from '../stores/data-profile.ts';
import { authorizedKinds } from './authorizations.ts';

/** Where a write through the customers service happens; see the module comment. */
export interface WriteOptions {
  /** The store at which the data is collected, when the caller knows it better than its credentials. */
  atStoreId?: string | null | undefined;
}

/** The store whose profile a write follows, or null when none applies. */
export function storeOfWrite(actor: Actor, options: WriteOptions, homeStoreId: string | null): string | null {
  if (options.atStoreId) return options.atStoreId;
  if ((actor.kind === 'apiKey' || actor.kind === 'customer') && actor.storeId) return actor.storeId;
  return homeStoreId;
}

/** Changing these changes which rules the held fields fall under, so every governed field is checked. */
const RULE_CHANGING: readonly CustomerField[] = ['customerType', 'homeStoreId'];

/**
 * Refuses (422) a write whose governed fields the store's profile does not keep for this kind of
 * customer, given the authorizations the customer has recorded. With `changed` (an edit), only the
 * fields the edit sets are checked, unless it changes the customer's type or home store.
 */
export async function assertKeptByProfile(
  db: Pick<Db, 'select'>,
  orgId: string,
  storeId: string | null,
  customer: NewCustomer,
  customerId: string | null,
  changed?: readonly CustomerField[],
): Promise<void> {
  if (storeId === null) return;
  const profile = await storeDataProfile(db, orgId, storeId);
  if (profile === null) return;
  const checkAll = changed === undefined || changed.some((field) => RULE_CHANGING.includes(field));
  const carried: Partial<Record<GovernedField, unknown>> = {};
  for (const field of GOVERNED_FIELDS) if (checkAll || changed.includes(field)) carried[field] = customer[field];

  const type = customer.customerType;
  const { dropped } = trimToProfile(profile, type, carried);
  if (dropped.length === 0) return;
  // Only now ask which authorizations the customer holds: most writes need no such query.
  const authorized = await authorizedKinds(db, orgId, customerId);
  const refused = authorized.size === 0 ? dropped : trimToProfile(profile, type, carried, authorized).dropped;
  if (refused.length === 0) return;
  throw new ValidationFailed(refused.map((d) => ({ path: d.field, message: droppedFieldMessage(profile, type, d) })));
}
