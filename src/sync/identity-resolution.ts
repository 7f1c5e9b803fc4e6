/**
 * Which local customer a vendor record is, in DESIGN's order: an existing link (store, external id);
 * the ID-document blind index; normalized phone + date of birth; normalized email + date of birth;
 * else nobody (a new customer). Weaker resemblances (a shared phone with another birthday, the same
 * name and birthday) are not matches: they become suspected duplicates after the write.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { customerLinks, customers } from '../db/schema.ts';
import { normalizeEmail } from '../domain/email.ts';
import { normalizePhone } from '../domain/phone.ts';
import type { InboundRecord } from './inbound-columns.ts';
import type { Tx } from './tx.ts';

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
  const live = and(eq(customers.orgId, orgId), isNull(customers.deletedAt));
  const first = async (condition: ReturnType<typeof and>) =>
    (await tx.select({ id: customers.id }).from(customers).where(and(live, condition)).limit(1))[0]?.id;

  if (keys.idIndex) {
    const id = await first(eq(customers.idDocumentNumberIndex, keys.idIndex));
    if (id) return { by: 'id_document', customerId: id };
  }
  if (keys.phoneDob) {
    const id = await first(
      and(eq(customers.phone, keys.phoneDob.phone), eq(customers.dateOfBirth, keys.phoneDob.dateOfBirth)),
    );
    if (id) return { by: 'phone_dob', customerId: id };
  }
  if (keys.emailDob) {
    const id = await first(
      and(eq(customers.email, keys.emailDob.email), eq(customers.dateOfBirth, keys.emailDob.dateOfBirth)),
    );
    if (id) return { by: 'email_dob', customerId: id };
  }
  return null;
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
  const live = and(eq(customers.orgId, orgId), isNull(customers.deletedAt));
  const holder = async (condition: ReturnType<typeof and>) => {
    const rows = await tx.select({ id: customers.id }).from(customers).where(and(live, condition)).limit(2);
    return rows.find((row) => row.id !== exceptCustomerId)?.id;
  };
  const found: { field: IdentityKeyField; holderId: string }[] = [];
  const check = async (field: IdentityKeyField, condition: ReturnType<typeof and>) => {
    const id = await holder(condition);
    if (id) found.push({ field, holderId: id });
  };
  if (values.idDocumentNumberIndex) {
    await check('idDocument.number', eq(customers.idDocumentNumberIndex, values.idDocumentNumberIndex));
  }
  if (values.phone) {
    await check('phone', and(eq(customers.phone, values.phone), eq(customers.dateOfBirth, values.dateOfBirth)));
  }
  if (values.email) {
    await check('email', and(eq(customers.email, values.email), eq(customers.dateOfBirth, values.dateOfBirth)));
  }
  return found;
}
