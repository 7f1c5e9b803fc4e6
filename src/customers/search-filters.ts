/**
 * The list filters of `GET /customers` (and the vocabulary segments will use) turned into SQL
 * conditions on `customers`, one job: what each filter means, never how the list is ordered or
 * ranked (customers/search.ts). Each condition compares a plain column with a value, so that under
 * row-level security the planner can read it by its index (migration 0028): keys that need a
 * function (birthday, city, postal code, consent) are stored generated columns; values are
 * normalized here or in a scalar subquery, never by a function applied to the column.
 */
import { eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { normalizeEmail } from '../domain/email.ts';
import { ValidationFailed } from '../domain/errors.ts';
import { normalizeIdNumber } from '../domain/identity.ts';
import { normalizePhone } from '../domain/phone.ts';
import { normalizeTag } from '../domain/tags.ts';
import type { FieldProtector } from '../privacy/field-protector.ts';
import { addDays, birthDatesForAges, birthdayKey, rangeBound } from './filter-values.ts';
import { customers } from './tables.ts';
import { todayAt } from './today.ts';

export interface ListFilters {
  phone?: string | undefined;
  email?: string | undefined;
  idNumber?: string | undefined;
  /** YYYY-MM-DD, exact. */
  dateOfBirth?: string | undefined;
  tag?: string | undefined;
  /** Comma-separated tags, matched by `tagsMatch` (all of them unless `any`). */
  tags?: string | undefined;
  tagsMatch?: 'any' | 'all' | undefined;
  storeId?: string | undefined;
  homeStoreId?: string | undefined;
  customerType?: 'adult' | 'medical' | undefined;
  updatedSince?: Date | undefined;
  /** MM-DD, any year. */
  birthday?: string | undefined;
  /** 1–12, any year and day. */
  birthMonth?: number | undefined;
  ageMin?: number | undefined;
  ageMax?: number | undefined;
  city?: string | undefined;
  postalCode?: string | undefined;
  medicalExpiringWithinDays?: number | undefined;
  consent?: 'sms' | 'email' | undefined;
  /** ISO instants or dates (filter-values.ts `rangeBound`). */
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
  updatedFrom?: string | undefined;
  updatedTo?: string | undefined;
  lastVisitAfter?: string | undefined;
  lastVisitBefore?: string | undefined;
}

export interface FilterConditions {
  /** The organization's live customers that pass every filter. */
  where: SQL[];
  /** The normalized phone, when `phone` was given (search.ts answers a phone alone by a prepared lookup). */
  phone?: string;
}

export async function filterConditions(
  db: Db,
  orgId: string,
  filters: ListFilters,
  protector: FieldProtector,
): Promise<FilterConditions> {
  const where: SQL[] = [eq(customers.orgId, orgId), isNull(customers.deletedAt)];
  let phone: string | undefined;

  if (filters.phone !== undefined) {
    phone = normalizePhone(filters.phone) ?? undefined;
    if (!phone) throw ValidationFailed.field('phone', 'must be a phone number such as (702) 555-0123');
    where.push(eq(customers.phone, phone));
  }
  if (filters.email !== undefined) where.push(eq(customers.email, normalizeEmail(filters.email)));
  if (filters.idNumber !== undefined) {
    const number = normalizeIdNumber(filters.idNumber);
    where.push(
      sql`(${customers.idDocumentNumberIndex} = ${protector.blindIndex('idNumber', number)} OR ${customers.medicalCardNumberIndex} = ${protector.blindIndex('medicalCardNumber', number)})`,
    );
  }
  // Birth dates by `birth_date`, the search-only copy (tables.ts says why).
  if (filters.dateOfBirth !== undefined) where.push(eq(customers.birthDate, filters.dateOfBirth));
  if (filters.tag !== undefined) where.push(sql`${customers.tags} @> ARRAY[${normalizeTag(filters.tag)}]::text[]`);
  if (filters.tags !== undefined) {
    const tags = tagListOf(filters.tags);
    const list = sql`ARRAY[${sql.join(
      tags.map((t) => sql`${t}`),
      sql`, `,
    )}]::text[]`;
    where.push(filters.tagsMatch === 'any' ? sql`${customers.tags} && ${list}` : sql`${customers.tags} @> ${list}`);
  }
  if (filters.customerType !== undefined) where.push(eq(customers.customerType, filters.customerType));
  if (filters.updatedSince !== undefined)
    where.push(sql`${customers.updatedAt} >= ${filters.updatedSince.toISOString()}::timestamptz`);
  if (filters.storeId !== undefined) {
    where.push(
      sql`EXISTS (SELECT 1 FROM customer_links l WHERE l.org_id = ${orgId} AND l.store_id = ${filters.storeId}::uuid AND l.customer_id = ${customers.id})`,
    );
  }
  if (filters.homeStoreId !== undefined) where.push(sql`${customers.homeStoreId} = ${filters.homeStoreId}::uuid`);

  if (filters.birthday !== undefined) {
    const key = birthdayKey(filters.birthday);
    if (key === null) throw ValidationFailed.field('birthday', 'must be a month and day as MM-DD, e.g. 04-02');
    where.push(sql`${customers.birthdayMd} = ${key}::smallint`);
  }
  if (filters.birthMonth !== undefined) {
    // The stored key is month * 100 + day (filter-values.ts birthdayKey): a month is one key range.
    where.push(
      sql`${customers.birthdayMd} BETWEEN ${filters.birthMonth * 100 + 1}::smallint AND ${filters.birthMonth * 100 + 31}::smallint`,
    );
  }
  if (filters.city !== undefined) {
    // Normalized by the same function as the stored key, once, as a scalar subquery: the condition
    // stays "column = value" (a function over the value inline would not be matched to the index).
    where.push(sql`${customers.cityKey} = (SELECT patron_search_text(btrim(${filters.city}::text)))`);
  }
  if (filters.postalCode !== undefined) {
    where.push(sql`${customers.postalCodeKey} = ${postalCodeKey(filters.postalCode)}`);
  }
  if (filters.consent === 'sms') where.push(sql`${customers.consentSms}`);
  if (filters.consent === 'email') where.push(sql`${customers.consentEmail}`);

  const needsToday = filters.ageMin !== undefined || filters.ageMax !== undefined;
  if (needsToday || filters.medicalExpiringWithinDays !== undefined) {
    // The store's date when the search names one (home or linked store), else Honolulu's, the
    // last US date to turn over: the same "today" as the age and card rules (customers/today.ts).
    const today = await todayAt(db, orgId, filters.homeStoreId ?? filters.storeId);
    if (needsToday) {
      const born = birthDatesForAges(filters.ageMin, filters.ageMax, today);
      if (born.after !== undefined) where.push(sql`${customers.birthDate} > ${born.after}::date`);
      if (born.onOrBefore !== undefined) where.push(sql`${customers.birthDate} <= ${born.onOrBefore}::date`);
    }
    if (filters.medicalExpiringWithinDays !== undefined) {
      where.push(
        eq(customers.customerType, 'medical'),
        sql`${customers.medicalExpiresOn} >= ${today}::date`,
        sql`${customers.medicalExpiresOn} <= ${addDays(today, filters.medicalExpiringWithinDays)}::date`,
      );
    }
  }

  const at = (column: SQL, op: '>=' | '<', value: string | undefined, as: 'from' | 'through' | 'before') => {
    if (value !== undefined)
      where.push(sql`${column} ${sql.raw(op)} ${rangeBound(value, as).toISOString()}::timestamptz`);
  };
  at(sql`${customers.createdAt}`, '>=', filters.createdFrom, 'from');
  at(sql`${customers.createdAt}`, '<', filters.createdTo, 'through');
  at(sql`${customers.updatedAt}`, '>=', filters.updatedFrom, 'from');
  at(sql`${customers.updatedAt}`, '<', filters.updatedTo, 'through');
  at(sql`${customers.lastVisitAt}`, '>=', filters.lastVisitAfter, 'from');
  at(sql`${customers.lastVisitAt}`, '<', filters.lastVisitBefore, 'before');

  return phone === undefined ? { where } : { where, phone };
}

/** `vip, Regular` as the stored tags `['vip', 'regular']`, each once. */
export function tagListOf(value: string): string[] {
  return [
    ...new Set(
      value
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t !== '')
        .map(normalizeTag),
    ),
  ];
}

/** As `customers.postal_code_key` is computed: upper-case, without spaces. */
export function postalCodeKey(value: string): string {
  return value.replace(/ /g, '').toUpperCase();
}
