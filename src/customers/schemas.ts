/** Wire shapes of the customers endpoints that are not the customer itself (that lives in the domain). */
import { z } from 'zod';
import { CalendarDate } from '../domain/calendar-date.ts';
import { ConsentSource } from '../domain/consent-statements.ts';
import { CUSTOMER_TYPES, Customer } from '../domain/customer-schema.ts';
import { MAX_TAGS } from '../domain/tags.ts';
import { PageQuery, pageOf, Timestamp } from '../http/schemas.ts';
import { birthdayKey, rangeBound } from './filter-values.ts';
import { tagListOf } from './search-filters.ts';

/** Whole years of age, 0–150. */
const WholeYears = z.coerce.number().int().min(0).max(150);

/** An ISO 8601 instant with its offset, or a date (a whole UTC day: filter-values.ts `rangeBound`). */
const InstantOrDate = z.union([z.iso.datetime({ offset: true }), z.iso.date()], {
  error: 'must be an ISO instant such as 2026-01-31T17:00:00Z or a date as YYYY-MM-DD',
});

/**
 * The list filters of `GET /customers`, without paging, order or count: the vocabulary a saved view
 * keeps (src/saved-views/schemas.ts derives its filter from it). Unrefined, so it can be picked
 * from; `filterRules` holds the rules between filters.
 */
export const CustomerFilters = z.strictObject({
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Fuzzy name, phone digits (e.g. the last 4) or email prefix'),
  phone: z.string().max(40).optional(),
  email: z.string().max(254).optional(),
  idNumber: z
    .string()
    .max(40)
    .optional()
    .describe(
      "ID-document or medical card number, exact after normalization; below manager only with the person's name (q) or dateOfBirth, and a limited number of times per hour",
    ),
  dateOfBirth: CalendarDate.optional().describe('Exact date of birth, YYYY-MM-DD'),
  tag: z.string().max(200).optional(),
  storeId: z.uuid().optional().describe("Customers linked to that store's POS"),
  customerType: z.enum(CUSTOMER_TYPES).optional(),
  updatedSince: Timestamp.optional(),
  birthday: z
    .string()
    .refine((v) => birthdayKey(v) !== null, 'must be a month and day as MM-DD, e.g. 04-02')
    .optional()
    .describe('Born on this month and day, any year (MM-DD)'),
  birthMonth: z.coerce.number().int().min(1).max(12).optional().describe('Born in this month (1–12), any year and day'),
  ageMin: WholeYears.optional().describe(
    "At least this old today, in whole years (the store's date with homeStoreId or storeId, else Honolulu's)",
  ),
  ageMax: WholeYears.optional().describe('At most this old today, in whole years (as ageMin)'),
  city: z.string().trim().min(1).max(100).optional().describe("The address's city, exact, ignoring case and accents"),
  postalCode: z
    .string()
    .trim()
    .min(1)
    .max(20)
    .optional()
    .describe("The address's postal code, exact, ignoring case and spaces"),
  medicalExpiringWithinDays: z.coerce
    .number()
    .int()
    .min(0)
    .max(3660)
    .optional()
    .describe('Medical customers whose card expires between today and today + N days, both included'),
  consent: z.enum(['sms', 'email']).optional().describe('Customers who currently grant this channel'),
  tags: z
    .string()
    .max(2000)
    .refine((v) => tagListOf(v).length > 0, 'must name at least one tag, e.g. vip,regular')
    .refine((v) => tagListOf(v).length <= MAX_TAGS, `must name at most ${MAX_TAGS} tags`)
    .optional()
    .describe('Comma-separated tags, matched as tagsMatch says'),
  tagsMatch: z.enum(['any', 'all']).optional().describe('With tags: customers with all of them (the default) or any'),
  homeStoreId: z.uuid().optional().describe('Customers whose home store is this one'),
  createdFrom: InstantOrDate.optional().describe('Created at or after this instant, or from the start of this UTC day'),
  createdTo: InstantOrDate.optional().describe('Created before this instant, or by the end of this UTC day'),
  updatedFrom: InstantOrDate.optional().describe(
    'Last changed at or after this instant, or from the start of this UTC day',
  ),
  updatedTo: InstantOrDate.optional().describe('Last changed before this instant, or by the end of this UTC day'),
  lastVisitAfter: InstantOrDate.optional().describe(
    'Last visit at or after this instant, or from the start of this UTC day',
  ),
  lastVisitBefore: InstantOrDate.optional().describe('Last visit before this instant, or before this UTC day'),
});

type FilterValues = Partial<z.output<typeof CustomerFilters>>;

/** The rules between filters (a range's ends in order, tagsMatch with tags), for `superRefine`. */
export function filterRules(filters: FilterValues, ctx: z.RefinementCtx): void {
  const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (filters.tagsMatch !== undefined && filters.tags === undefined) problem('tagsMatch', 'needs tags');
  if (filters.birthMonth !== undefined && filters.birthday !== undefined) {
    problem('birthMonth', 'is already given by birthday (MM-DD): use one of them');
  }
  if (filters.ageMin !== undefined && filters.ageMax !== undefined && filters.ageMin > filters.ageMax) {
    problem('ageMin', 'must not be greater than ageMax');
  }
  const ranges = [
    ['createdFrom', 'createdTo', 'through'],
    ['updatedFrom', 'updatedTo', 'through'],
    ['lastVisitAfter', 'lastVisitBefore', 'before'],
  ] as const;
  for (const [from, to, as] of ranges) {
    const a = filters[from];
    const b = filters[to];
    if (a !== undefined && b !== undefined && rangeBound(a, 'from') >= rangeBound(b, as)) {
      problem(from, `must be before ${to}`);
    }
  }
}

export const CustomerListQuery = PageQuery.extend(CustomerFilters.shape)
  .extend({
    sort: z
      .enum(['relevance', 'name', 'created', 'lastVisit', 'updated'])
      .optional()
      .describe(
        'relevance (with q, its only order); without q: name (default), or created, updated, lastVisit newest first',
      ),
    total: z.enum(['true', 'false']).optional().describe('true: the answer adds total and totalIsEstimate'),
  })
  .superRefine((query, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (query.q !== undefined && query.sort !== undefined && query.sort !== 'relevance') {
      problem('sort', 'with q, results are ranked by relevance: leave sort out or use sort=relevance');
    }
    if (query.q === undefined && query.sort === 'relevance')
      problem('sort', 'relevance needs q; use name, created, updated or lastVisit');
    if (query.q !== undefined && query.total === 'true') problem('total', 'is counted for filters without q');
    filterRules(query, ctx);
  });

/** A page of customers, with the count of matches when `total=true` (customers/search-total.ts). */
export function customerListPage<T extends z.ZodType>(item: T) {
  return pageOf(item).extend({
    total: z.number().int().optional().describe('How many customers match (with total=true)'),
    totalIsEstimate: z
      .boolean()
      .optional()
      .describe("true when total is the planner's estimate (past 1,000 matches), false when counted"),
  });
}

/** The fields a merge may take from the source (tags are joined; consents follow the ledger). */
export const MERGE_FIELDS = [
  'firstName',
  'lastName',
  'preferredName',
  'dateOfBirth',
  'phone',
  'email',
  'customerType',
  'medical',
  'idDocument',
  'address',
  'notes',
  'homeStoreId',
] as const;

export const MergeBody = z.strictObject({
  sourceId: z.uuid(),
  fields: z
    .array(z.enum(MERGE_FIELDS))
    .max(MERGE_FIELDS.length)
    .optional()
    .describe(
      "Fields whose value the survivor takes from the source, in the merge's transaction; validated as an edit (422), and a value another customer holds as identity answers 409",
    ),
});

export const TagsBody = z.strictObject({ tags: z.array(z.string().max(200)).max(50) });

export const ConsentBody = z.strictObject({
  channel: z.enum(['sms', 'email']),
  granted: z.boolean(),
  source: ConsentSource.optional().describe(
    'Set by the server from who is speaking (staff for a user); accepted only when it is that source',
  ),
  wording: z
    .string()
    .trim()
    .max(2000)
    .nullable()
    .optional()
    .describe('The words agreed to; required for a grant of SMS consent (TCPA)'),
});

export const ConsentEntrySchema = z
  .object({
    id: z.uuid(),
    channel: z.enum(['sms', 'email']),
    granted: z.boolean(),
    source: z.string(),
    wording: z.string().nullable(),
    at: Timestamp,
    recordedAt: Timestamp,
    recordedBy: z.string(),
  })
  .meta({ id: 'ConsentEntry' });

export const AuditEntrySchema = z
  .object({ at: Timestamp, actor: z.string(), action: z.string(), fields: z.array(z.string()) })
  .meta({ id: 'AuditEntry' });

/** Where a merge's second POS record of one person at one store stands (sync/links/merge-links.ts). */
export const RetirementStatus = z.enum(['pending', 'deactivated', 'blanked', 'failed', 'dropped']).meta({
  id: 'RetirementStatus',
  description:
    'pending: due at the POS; deactivated: blanked and deactivated there; blanked: blanked (the vendor cannot deactivate); failed: see the detail; dropped: the POS never had it',
});

export const MergedStoreSchema = z
  .object({
    storeId: z.uuid(),
    vendor: z.string().nullable(),
    keptExternalId: z.string().nullable(),
    retired: z.object({ externalId: z.string().nullable(), status: RetirementStatus }),
  })
  .meta({ id: 'MergedStore' });

/** A customer a search found: with `q`, also what of them the search matched (issue 14, "highlights"). */
export const FoundCustomer = Customer.extend({
  matched: z
    .array(z.enum(['firstName', 'lastName', 'preferredName', 'email', 'phone']))
    .optional()
    .meta({
      description:
        'With `q`: the fields the search matched, as typed, started, or near (a typo, another form of the name, a sound-alike): e.g. ["firstName", "lastName"]',
    }),
}).meta({ id: 'FoundCustomer' });

/** The survivor, plus per store both customers were linked to: the POS record kept and the one retired. */
export const MergeAnswer = Customer.extend({ mergedAtStores: z.array(MergedStoreSchema) }).meta({
  id: 'MergeAnswer',
});

export const DuplicateSchema = z
  .object({
    customerIds: z.tuple([z.uuid(), z.uuid()]),
    reason: z.enum(['same_phone', 'same_email', 'same_name_and_birthday', 'same_person_at_one_pos']),
    detectedAt: Timestamp,
  })
  .meta({ id: 'SuspectedDuplicate' });
