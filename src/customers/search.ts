/**
 * Finding customers: the list filters (search-filters.ts) combined with `q`. A `q` of names or of
 * phone digits is searched in tiers, each an index read in name order (name-search.ts,
 * search-tiers.ts): the name as typed, begun, in another form, one typo away, sounding alike; email
 * prefix and domain after the names; the last four digits of a phone. What the tiers do not take is
 * matched here and ranked: an address or a domain (`kath@`, `@example.com`), three digits of a
 * phone (trigram index), and, as the tiers' last resort, the names' trigram similarity. Without `q`,
 * lists are sorted by name, or as `sort` says, or by change time with `updatedSince` (for clients
 * that poll for changes). Pagination is keyset throughout.
 */
import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { decodeCursor, encodeCursor, type Page } from '../db/keyset.ts';
import { normalizeEmail } from '../domain/email.ts';
import { ValidationFailed } from '../domain/errors.ts';
import { isUuid } from '../domain/ids.ts';
import type { FieldProtector } from '../privacy/field-protector.ts';
import type { CustomerRow } from './customer-record.ts';
import { nameSearchOf } from './name-search.ts';
import { filterConditions, type ListFilters } from './search-filters.ts';
import { type MatchedField, searchInTiers, type Tiers } from './search-tiers.ts';
import { customers } from './tables.ts';

export interface CustomerFilters extends ListFilters {
  q?: string | undefined;
  /** The order without `q` (name by default; `updatedSince` alone keeps its change order). */
  sort?: ListSort | undefined;
  /** Whether the answer counts the matches (customers/search-total.ts). */
  total?: 'true' | 'false' | undefined;
  limit: number;
  cursor?: string | undefined;
}

export type ListSort = 'relevance' | 'name' | 'created' | 'lastVisit' | 'updated';

/** Parameters that shape the answer rather than choose customers: not filters. */
const NOT_FILTERS = new Set(['limit', 'cursor', 'sort', 'total']);

/** The filters a query used, by name only (their values are personal data), for the audit trail. */
export function filterNames(filters: CustomerFilters): string[] {
  return Object.entries(filters)
    .filter(([k, v]) => v !== undefined && !NOT_FILTERS.has(k))
    .map(([k]) => k);
}

/**
 * `changes` is `updatedSince`'s order (oldest change first, for pollers); `created`, `updated` and
 * `lastVisit` are newest first (never-visited customers last).
 */
type Ordering = 'relevance' | 'name' | 'changes' | 'created' | 'updated' | 'lastVisit';

/** A page of customers; with `q`, what each matched (by id), for the list's `matched`. */
export interface FoundCustomers extends Page<CustomerRow> {
  matched?: Map<string, MatchedField[]>;
}

export interface SearchOptions {
  /**
   * `q` is matched against names only, never phone or email fragments nor an email domain: where it
   * stands for the person's name beside an ID number (id-number-lookups.ts), a domain such as
   * `gmail` must not widen it to a third of the customers.
   */
  qMatchesNamesOnly?: boolean;
}

export async function searchCustomers(
  db: Db,
  orgId: string,
  filters: CustomerFilters,
  protector: FieldProtector,
  options: SearchOptions = {},
): Promise<FoundCustomers> {
  const { where, phone } = await filterConditions(db, orgId, filters, protector);
  if (phone !== undefined && isPhoneLookupOnly(filters)) return phoneLookup(db, orgId, phone, filters.limit);

  const q = filters.q?.trim();
  const tiers = q ? tiersOf(q, orgId, options) : null;
  if (tiers) return searchInTiers(db, orgId, tiers, where, filters.limit, filters.cursor);
  const match = q ? (options.qMatchesNamesOnly ? nameMatchOf(q) : matchOf(q)) : undefined;
  const ordering: Ordering = match ? (match.rank ? 'relevance' : 'name') : orderingOf(filters);
  const conditions = [...where, ...(match ? [match.where] : [])];
  const sortKey = sortKeyOf(ordering, match?.rank);
  if (filters.cursor) conditions.push(afterCursor(ordering, sortKey, filters.cursor));
  const rows = await db
    .select({ row: customers, key: sql<string>`${sortKey.text}`.as('sort_key') })
    .from(customers)
    .where(and(...conditions))
    .orderBy(...sortKey.orderBy)
    .limit(filters.limit + 1);
  const page = toSearchPage(rows, filters.limit);
  if (!q) return page;
  // Not a name: an address or domain (with `@`), or a few digits of a phone.
  const field: MatchedField[] = q.includes('@') ? ['email'] : /\d/.test(q) ? ['phone'] : [];
  return { ...page, matched: new Map(page.items.map((c) => [c.id, field])) };
}

/** The order of a list without `q`: the `sort` asked for, else by change with `updatedSince`, else by name. */
function orderingOf(filters: CustomerFilters): Ordering {
  if (filters.sort === 'created' || filters.sort === 'updated' || filters.sort === 'lastVisit') return filters.sort;
  if (filters.sort === 'name') return 'name';
  return filters.updatedSince ? 'changes' : 'name';
}

/**
 * How a `q` of names or of phone digits is searched in tiers (search-tiers.ts), or null for the
 * ranked matches below (an email address or domain, three digits, nothing searchable).
 */
function tiersOf(q: string, orgId: string, options: SearchOptions): Tiers | null {
  if (!/\p{L}/u.test(q) && !q.includes('@')) return options.qMatchesNamesOnly ? null : phoneTiersOf(q);
  if (q.includes('@')) return null;
  const names = nameSearchOf(q, orgId);
  if (!names) return null;
  const match = nameMatchOf(q);
  const tiers: Tiers = {
    with: names.with,
    steps: names.steps,
    // The near forms only when the names as typed leave the page short.
    stageEnds: [names.nearFrom - 1],
    // The names' trigram similarity when the tiers found nobody: a word inside a name ("cruz" in De
    // la Cruz), two typos in one word. Only then: it ranks everyone sharing letters with the query.
    lastResort: {
      where: match.where,
      rank: match.rank ?? sql`1::real`,
      when: 'nothing found',
      matched: ['firstName', 'lastName'],
    },
  };
  const oneWord = !/[\s,]/.test(q);
  if (oneWord && !options.qMatchesNamesOnly) {
    // The start of an email address, then the customers at a domain starting so: after the names,
    // and read only when the names do not fill the page (most addresses start with the name).
    const start = normalizeEmail(q);
    const end = start + String.fromCodePoint(0x10ffff);
    const startsSo = (column: SQL) => sql`(${column} ~>=~ ${start} AND ${column} ~<~ ${end})`;
    tiers.stageEnds = [names.nearFrom - 1, names.steps.length];
    tiers.steps = [
      ...names.steps,
      { finds: startsSo(sql`${customers.email}`), column: 'email', matched: ['email'] },
      { finds: startsSo(sql`${emailDomain}`), column: 'email_domain', matched: ['email'] },
    ];
  }
  return tiers;
}

/**
 * Phone digits (any formatting): the numbers ending with them, by name, from the last-four index;
 * with five digits or more, then the numbers holding them elsewhere (an area code and exchange),
 * ranked, when those did not fill the page. Four digits are "the last four" and nothing else.
 */
function phoneTiersOf(q: string): Tiers | null {
  const digits = q.replace(/\D/g, '');
  if (digits.length < 4) return null;
  const endsSo = sql`(${customers.phoneLast4} = ${digits.slice(-4)} AND ${customers.phone} LIKE ${`%${digits}`})`;
  const tiers: Tiers = { with: [], steps: [{ finds: endsSo, column: 'phone_last4', matched: ['phone'] }] };
  if (digits.length > 4) {
    tiers.lastResort = {
      where: sql`${customers.phone} LIKE ${`%${digits}%`}`,
      rank: sql`0.9::real`,
      when: 'page not full',
      matched: ['phone'],
    };
  }
  return tiers;
}

function toSearchPage(rows: { row: CustomerRow; key: string }[], limit: number): Page<CustomerRow> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map((r) => r.row),
    nextCursor: rows.length > limit && last ? encodeCursor(last.key, last.row.id) : null,
  };
}

/**
 * The commonest search, a phone number alone (the counter and the kiosk), runs as a prepared
 * statement: the same query as the general path, without building it each time.
 */
function isPhoneLookupOnly(filters: CustomerFilters): boolean {
  const byName = filters.sort === undefined || filters.sort === 'name';
  return filters.cursor === undefined && byName && filterNames(filters).join() === 'phone';
}

const preparedPhoneLookups = new WeakMap<Db, ReturnType<typeof preparePhoneLookup>>();

function preparePhoneLookup(db: Db) {
  const byName = sortKeyOf('name', undefined);
  return db
    .select({ row: customers, key: sql<string>`${byName.text}`.as('sort_key') })
    .from(customers)
    .where(
      and(
        eq(customers.orgId, sql.placeholder('orgId')),
        isNull(customers.deletedAt),
        eq(customers.phone, sql.placeholder('phone')),
      ),
    )
    .orderBy(...byName.orderBy)
    .limit(sql.placeholder('limit'))
    .prepare('customers_by_phone');
}

async function phoneLookup(db: Db, orgId: string, phone: string, limit: number): Promise<Page<CustomerRow>> {
  let prepared = preparedPhoneLookups.get(db);
  if (!prepared) {
    prepared = preparePhoneLookup(db);
    preparedPhoneLookups.set(db, prepared);
  }
  return toSearchPage(await prepared.execute({ orgId, phone, limit: limit + 1 }), limit);
}

interface Match {
  where: SQL;
  /** Relevance of a row (0..1), best first; none: the matches are listed by name. */
  rank: SQL | undefined;
}

/**
 * What a `q` the tiers do not take matches, and how its matches are ordered: an address or a domain
 * (with `@`), three digits of a phone, or nothing searchable as a name.
 */
function matchOf(q: string): Match {
  const digits = q.replace(/\D/g, '');
  if (!/\p{L}/u.test(q) && !q.includes('@') && digits.length >= 3) {
    // A number that ends with the digits (the "last four" a customer says) ranks first.
    return {
      where: sql`${customers.phone} LIKE ${`%${digits}%`}`,
      rank: sql`(CASE WHEN ${customers.phone} LIKE ${`%${digits}`} THEN 1.0 ELSE 0.9 END)::real`,
    };
  }
  const email = normalizeEmail(q);
  const emailPrefix = `${escapeLike(email)}%`;
  if (email.startsWith('@')) {
    // `@example.com`: the customers at that domain (or at domains starting so).
    const domain = email.slice(1);
    if (domain === '' || domain.includes('@')) return { where: sql`false`, rank: sql`0::real` };
    return { where: sql`${emailDomain} LIKE ${`${escapeLike(domain)}%`}`, rank: sql`1.0::real` };
  }
  if (q.includes('@')) return { where: sql`${customers.email} LIKE ${emailPrefix}`, rank: sql`1.0::real` };
  // Neither a name, an address nor a number (punctuation, an emoji): the names' trigram match.
  return nameMatchOf(q);
}

/**
 * The names' trigram match: the tiers' last resort, a `q` with nothing searchable as a name, and a
 * `q` that must match names only (`SearchOptions.qMatchesNamesOnly`) when the tiers do not take it.
 */
function nameMatchOf(q: string): Match {
  const name = sql`patron_search_text(${q})`;
  if (/\s/.test(q)) {
    return { where: sql`${customers.searchName} % ${name}`, rank: sql`similarity(${customers.searchName}, ${name})` };
  }
  if ([...q].length < SHORTEST_FUZZY_QUERY) {
    const word = sql`patron_search_text(${escapeLike(q)})`;
    return {
      where: sql`(${customers.searchName} LIKE ${word} || '%' OR ${customers.searchName} LIKE '% ' || ${word} || '%')`,
      rank: undefined,
    };
  }
  return {
    where: sql`${name} <% ${customers.searchName}`,
    rank: sql`word_similarity(${name}, ${customers.searchName})`,
  };
}

/** Fewer characters than this are matched as a prefix, not by trigram similarity. */
const SHORTEST_FUZZY_QUERY = 3;

/** The part of the email after `@` (a generated column, indexed by customers_org_email_domain_idx). */
const emailDomain = customers.emailDomain;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

interface SortKey {
  /** The sort value as text, carried in the cursor. */
  text: SQL;
  orderBy: SQL[];
}

function sortKeyOf(ordering: Ordering, rank: SQL | undefined): SortKey {
  switch (ordering) {
    case 'relevance':
      return { text: sql`(${rank})::real::text`, orderBy: [sql`(${rank})::real DESC`, sql`${customers.id} ASC`] };
    case 'changes':
      return {
        text: instantText(sql`${customers.updatedAt}`),
        orderBy: [sql`${customers.updatedAt} ASC`, sql`${customers.id} ASC`],
      };
    case 'created':
      return {
        text: instantText(sql`${customers.createdAt}`),
        orderBy: [sql`${customers.createdAt} DESC`, sql`${customers.id} DESC`],
      };
    case 'updated':
      return {
        text: instantText(sql`${customers.updatedAt}`),
        orderBy: [sql`${customers.updatedAt} DESC`, sql`${customers.id} DESC`],
      };
    case 'lastVisit':
      // Never-visited customers (no time: an empty key) after every visited one.
      return {
        text: sql`coalesce(${instantText(sql`${customers.lastVisitAt}`)}, '')`,
        // As customers_org_last_visit_idx holds them (ids are never null: NULLS LAST only matches it).
        orderBy: [sql`${customers.lastVisitAt} DESC NULLS LAST`, sql`${customers.id} DESC NULLS LAST`],
      };
    case 'name':
      return {
        text: sql`lower(${customers.lastName}) || E'\\x1f' || lower(${customers.firstName})`,
        orderBy: [
          sql`lower(${customers.lastName}) ASC`,
          sql`lower(${customers.firstName}) ASC`,
          sql`${customers.id} ASC`,
        ],
      };
  }
}

/** An instant as the text a cursor carries, to the microsecond. */
function instantText(column: SQL): SQL {
  return sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

function afterCursor(ordering: Ordering, key: SortKey, cursor: string): SQL {
  const [value, id] = decodeCursor(cursor);
  const fits =
    isUuid(id) &&
    (ordering === 'relevance'
      ? Number.isFinite(Number(value))
      : ordering === 'name'
        ? true
        : (ordering === 'lastVisit' && value === '') || !Number.isNaN(Date.parse(value)));
  if (!fits) throw ValidationFailed.field('cursor', 'does not belong to this search; start again without it');
  switch (ordering) {
    case 'relevance':
      return sql`((${key.text})::real < ${value}::real OR ((${key.text})::real = ${value}::real AND ${customers.id} > ${id}::uuid))`;
    case 'changes':
      return sql`(${customers.updatedAt}, ${customers.id}) > (${value}::timestamptz, ${id}::uuid)`;
    case 'created':
      return sql`(${customers.createdAt}, ${customers.id}) < (${value}::timestamptz, ${id}::uuid)`;
    case 'updated':
      return sql`(${customers.updatedAt}, ${customers.id}) < (${value}::timestamptz, ${id}::uuid)`;
    case 'lastVisit':
      return value === ''
        ? sql`(${customers.lastVisitAt} IS NULL AND ${customers.id} < ${id}::uuid)`
        : sql`((${customers.lastVisitAt}, ${customers.id}) < (${value}::timestamptz, ${id}::uuid) OR ${customers.lastVisitAt} IS NULL)`;
    case 'name': {
      const [last = '', first = ''] = value.split('\x1f');
      return sql`(lower(${customers.lastName}), lower(${customers.firstName}), ${customers.id}) > (${last}, ${first}, ${id}::uuid)`;
    }
  }
}
