/**
 * Which local customer a vendor record is, in DESIGN's order: an existing link (store, external id);
 * the ID-document blind index; normalized phone + date of birth; normalized email + date of birth;
 * else nobody (a new customer). Weaker resemblances (a shared phone with another birthday, the same
 * name and birthday) are not matches: they become suspected duplicates after the write.
 */
import { and, eq, isNull, or, type SQL, sql } from 'drizzle-orm';
import { customers } from '../../customers/tables.ts';
import type { Tx } from '../../db/tx.ts';
import { normalizeEmail } from '../../domain/email.ts';
import { normalizePhone } from '../../domain/phone.ts';
import { customerLinks } from '../tables.ts';
import type { InboundRecord } from './columns.ts';

export type IdentityMatch =
  | { by: 'link'; customerId: string; linkId: string }
  | { by: 'id_document' | 'phone_dob' | 'email_dob'; customerId: string }
  | null;

export async function findLink(tx: Tx, orgId: string, storeId: string, externalId: string) {
  const [link] = await tx
    .select()
    .from(customerLinks)
    .where(
      and(eq(customerLinks.orgId, orgId), eq(customerLinks.storeId, storeId), eq(customerLinks.externalId, externalId)),
    )
    .for('update');
  return link;
}

/** Strong keys of a record; a placeholder birthday or an unparseable phone or email is no key. */
export function identityKeysOfInbound(record: InboundRecord) {
  const { columns, dobKnown } = record;
  const phone = columns.phone ? normalizePhone(columns.phone) : null;
  const email = columns.email?.includes('@') ? normalizeEmail(columns.email) : null;
  return {
    idIndex: columns.idDocumentNumberIndex,
    phoneDob: dobKnown && phone ? { phone, dateOfBirth: columns.dateOfBirth } : null,
    emailDob: dobKnown && email ? { email, dateOfBirth: columns.dateOfBirth } : null,
  };
}

export async function resolveIdentity(tx: Tx, orgId: string, record: InboundRecord): Promise<IdentityMatch> {
  const keys = identityKeysOfInbound(record);
  const held = await keyHolders(tx, orgId, keys);
  for (const by of ['id_document', 'phone_dob', 'email_dob'] as const) {
    const holder = held.find((h) => h[by]);
    if (holder) return { by, customerId: holder.id };
  }
  return null;
}

interface StrongKeys {
  idIndex: string | null | undefined;
  phoneDob: { phone: string; dateOfBirth: string } | null;
  emailDob: { email: string; dateOfBirth: string } | null;
}

/**
 * Live customers holding any of `keys`, and which, in one statement: an import applies every record
 * of a page in turn, and one round trip per key was a fifth of all its statements. Each key has a
 * unique index, so at most one customer holds it and at most three rows come back.
 */
async function keyHolders(tx: Tx, orgId: string, keys: StrongKeys) {
  const byId = keys.idIndex ? eq(customers.idDocumentNumberIndex, keys.idIndex) : undefined;
  const byPhone = keys.phoneDob
    ? and(eq(customers.phone, keys.phoneDob.phone), eq(customers.dateOfBirth, keys.phoneDob.dateOfBirth))
    : undefined;
  const byEmail = keys.emailDob
    ? and(eq(customers.email, keys.emailDob.email), eq(customers.dateOfBirth, keys.emailDob.dateOfBirth))
    : undefined;
  if (!byId && !byPhone && !byEmail) return [];
  const flag = (condition: SQL | undefined) =>
    condition ? sql<boolean>`coalesce(${condition}, false)` : sql<boolean>`false`;
  return tx
    .select({
      id: customers.id,
      id_document: flag(byId),
      phone_dob: flag(byPhone),
      email_dob: flag(byEmail),
    })
    .from(customers)
    .where(and(eq(customers.orgId, orgId), isNull(customers.deletedAt), or(byId, byPhone, byEmail)));
}

export type IdentityKeyField = 'idDocument.number' | 'phone' | 'email';

/**
 * Identity keys in `values` that another live customer already holds (the unique indexes would refuse
 * the write). Only reachable when the record did not resolve to that customer, e.g. a shared phone
 * with a placeholder birthday: the key is then left off this customer and kept as a conflict.
 */
export async function collidingIdentityKeys(
  tx: Tx,
  orgId: string,
  values: { idDocumentNumberIndex?: string | null; phone?: string | null; email?: string | null; dateOfBirth: string },
  exceptCustomerId: string | null,
): Promise<{ field: IdentityKeyField; holderId: string }[]> {
  const held = (
    await keyHolders(tx, orgId, {
      idIndex: values.idDocumentNumberIndex,
      phoneDob: values.phone ? { phone: values.phone, dateOfBirth: values.dateOfBirth } : null,
      emailDob: values.email ? { email: values.email, dateOfBirth: values.dateOfBirth } : null,
    })
  ).filter((h) => h.id !== exceptCustomerId);
  const found: { field: IdentityKeyField; holderId: string }[] = [];
  const fields = { id_document: 'idDocument.number', phone_dob: 'phone', email_dob: 'email' } as const;
  for (const key of ['id_document', 'phone_dob', 'email_dob'] as const) {
    const holder = held.find((h) => h[key]);
    if (holder) found.push({ field: fields[key], holderId: holder.id });
  }
  return found;
}
