/**
 * A Dutchie POS (formerly LeafLogix) customer API on loopback, as REFERENCE.md §4 describes it:
 * HTTP Basic with the location key as user name, camelCase customers with integer ids, bare-array
 * lists paged by `PageNumber`/`PageSize` (max 100), `customerLookup`, one `POST /customer/customer`
 * for create and sparse update, the loyalty snapshot, and 120 calls a minute per key and endpoint
 * with the documented 429 body. Where the reference says UNCONFIRMED, the choice is made in
 * `DUTCHIE_SIM_CHOICES` below and nowhere else.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { leadingCalendarDate } from '../dates.ts';
import type { FakePerson } from '../simulator-kit/fake-people.ts';
import { type NeutralFields, neutralChanges } from '../simulator-kit/neutral-changes.ts';
import type {
  RunningSimulator,
  SimCustomer,
  SimulatorContext,
  SimulatorDefinition,
  SimulatorOptions,
  VendorSimulator,
} from '../simulator-kit/simulator-types.ts';
import { startSimulator } from '../simulator-kit/start-simulator.ts';
import { type RateLimit, TokenBucket } from '../token-bucket.ts';
import type { DutchieCredentials } from './credentials.ts';

/** Behaviour REFERENCE.md leaves open, chosen here as the most likely, in one place. */
export const DUTCHIE_SIM_CHOICES = {
  /** The 5xx body is not documented; the same `{Message, TraceId}` shape as the documented 429 [4.6]. 503 is the "retry with backoff" kind. */
  serverError: { status: 503, message: 'Service Unavailable' },
  /** The "five validation formats" are not public [4.6]: missing or unreadable fields answer an ASP.NET problem document with 400. */
  validationTitle: 'One or more validation errors occurred.',
  /** Business rules (medical needs an MMJ id, a valid US phone [4.3]) answer 422 with `[{propertyName, errorMessage}]`. */
  businessRuleStatus: 422,
  /** `customerLookup` without a match: 404 with `{Message}` (not documented). */
  lookupNoMatch: { status: 404, message: 'Customer not found' },
  /** An update naming an unknown `customerId`: 404 with `{Message}` (not documented). */
  updateUnknown: { status: 404, message: 'Customer not found' },
  /** `PageSize` over 100 [4.5] is refused with 400 rather than clamped (not documented which). */
  oversizePage: { status: 400, message: 'PageSize must be between 1 and 100' },
  /** `fromLastModifiedDateUTC` is inclusive; `toLastModifiedDateUTC` exclusive. */
  fromIsInclusive: true,
  /** Lists are ordered by `lastModifiedDateUTC`, then id (ordering is not documented [4.5]). */
  ordering: 'lastModifiedDateUTC, customerId',
  /** Timestamps are UTC without `Z`, like the synthesized sample [4.4], with milliseconds as .NET writes them. */
  timestampStyle: 'yyyy-MM-ddTHH:mm:ss.fff',
  /** The create/update answer is not documented [4.3]: 200 with the stored customer. */
  writeAnswerStatus: 200,
  /** An update sets each field its body carries (`null` clears it) and keeps the others ("sparse update" [4.3]). */
  nullClearsOnUpdate: true,
  /** The password part of Basic auth (an optional integrator key [4.2]) is accepted whatever it is. */
  integratorKeyIgnored: true,
  /** A key without the scope an endpoint needs: 403 [4.2] with `{Message}` (the body is not documented). */
  forbidden: { status: 403, message: 'The API key is not authorized for this endpoint' },
  /** Customer types this dispensary has configured [4.8]; a create must name one [4.3]. */
  customerTypes: ['Recreational', 'Medical', 'Recreational - Out of State', 'Medical - Out of State'],
} as const;

/** 120/min per key per endpoint for customer calls; whoami 200/min; reporting 60/min [4.6]. */
export const DUTCHIE_RATE_LIMITS = {
  standard: { limit: 120, intervalMs: 60_000 },
  highTraffic: { limit: 200, intervalMs: 60_000 },
  reporting: { limit: 60, intervalMs: 60_000 },
} as const;
const MAX_PAGE_SIZE = 100; // [4.5]

/** A customer as Dutchie stores and reads it [4.4]. */
export interface DutchieSimRecord {
  customerId: number;
  uniqueId: string;
  name: string | null;
  firstName: string | null;
  lastName: string | null;
  middleName: string | null;
  namePrefix: string | null;
  nameSuffix: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  phone: string | null;
  cellPhone: string | null;
  emailAddress: string | null;
  status: string;
  mmjidNumber: string | null;
  mmjidExpirationDate: string | null;
  customerType: string | null;
  gender: string | null;
  dateOfBirth: string | null;
  driversLicenseHash: string | null;
  externalCustomerId: string | null;
  createdByIntegrator: string | null;
  customIdentifier: string | null;
  isAnonymous: boolean;
  isLoyaltyMember: boolean;
  referralSource: string | null;
  otherReferralSource: string | null;
  springBigMemberId: number;
  discountGroups: string[];
  primaryQualifyingCondition: string | null;
  secondaryQualifyingConditions: string[];
  createdAtLocation: string;
  notes: string | null;
  creationDate: string;
  lastModifiedDateUTC: string;
  lastTransactionDate: string | null;
  mergedIntoCustomerId: number | null;
}

/** Permissions a key can carry (scopes are per vendor and endpoint group [4.2]); whoami needs none. */
export type DutchieScope = 'customers' | 'reporting';

export interface DutchieSimulatorOptions extends SimulatorOptions {
  /** The location key, with every scope. */
  apiKey?: string;
  /** More keys for the same location, each with only the scopes listed. */
  scopedKeys?: Record<string, DutchieScope[]>;
  locationName?: string;
  /** The standard tier (default 120/min [4.6]); tests shorten the window. */
  rateLimit?: RateLimit;
}

export interface RunningDutchieSimulator extends RunningSimulator<DutchieSimRecord> {
  credentials: DutchieCredentials;
  /** Loyalty balances by customer id, as `/reporting/loyalty-snapshot` serves them. */
  loyalty: Map<string, number>;
}

/** `2024-05-14T16:06:40.123`: UTC without a zone [4.4]. */
export function dutchieUtc(instant: Date): string {
  return instant.toISOString().slice(0, 23);
}

/** A calendar date as Dutchie writes dates of birth and MMJ expiries (`1990-05-15T00:00:00` [4.4]). */
function dutchieDate(date: string | null): string | null {
  if (date === null) return null;
  const day = leadingCalendarDate(date);
  return day ? `${day}T00:00:00` : date;
}

/** Reads a zone-less Dutchie UTC time (or one with `Z`) as epoch ms; `NaN` when it is not one. */
function utcMs(value: string): number {
  const trimmed = value.trim();
  return /[zZ]|[+-]\d{2}:?\d{2}$/.test(trimmed.slice(10)) ? Date.parse(trimmed) : Date.parse(`${trimmed}Z`);
}

/** Licence numbers are stored only as a hash and read back that way [4.4, 4.8]. */
function licenceHash(number: string): string {
  return createHash('sha256').update(number.trim().toUpperCase()).digest('hex');
}

const GENDER = { male: 'Male', female: 'Female', nonbinary: 'NonBinary' } as const;

function recordFromPerson(person: FakePerson, id: number, locationName: string): DutchieSimRecord {
  const card = person.medicalCard;
  return {
    customerId: id, // an integer [4.4]
    uniqueId: createHash('sha256').update(`dutchie-${id}-${person.index}`).digest('hex').slice(0, 32),
    name: `${person.firstName} ${person.lastName}`.trim(), // deprecated, still sent [4.3]
    firstName: person.firstName,
    lastName: person.lastName,
    middleName: person.middleName,
    namePrefix: null,
    nameSuffix: null,
    address1: person.address?.line1 ?? null,
    address2: person.address?.line2 ?? null,
    city: person.address?.city ?? null,
    state: person.address?.state ?? null,
    postalCode: person.address?.postalCode ?? null,
    phone: person.phone,
    cellPhone: person.phone,
    emailAddress: person.email,
    status: 'Active',
    mmjidNumber: card?.number ?? null,
    mmjidExpirationDate: dutchieDate(card?.expiresOn ?? null),
    // Some medical patients come from out of state; types are per dispensary [4.8].
    customerType: card ? (person.index % 7 === 0 ? 'Medical - Out of State' : 'Medical') : 'Recreational',
    gender: person.gender ? GENDER[person.gender] : null,
    dateOfBirth: dutchieDate(person.dateOfBirth), // 1900-01-01 placeholders stay as typed [4.8]
    driversLicenseHash: person.driversLicense ? licenceHash(person.driversLicense.number) : null,
    externalCustomerId: null,
    createdByIntegrator: null,
    customIdentifier: null,
    isAnonymous: false,
    isLoyaltyMember: person.loyaltyPoints > 0,
    referralSource: person.index % 5 === 0 ? 'Google' : null,
    otherReferralSource: null,
    springBigMemberId: 0, // 0 means none [4.4]
    discountGroups: person.tags,
    primaryQualifyingCondition: null,
    secondaryQualifyingConditions: [],
    createdAtLocation: locationName,
    notes: person.notes,
    creationDate: dutchieUtc(person.createdAt),
    lastModifiedDateUTC: dutchieUtc(person.updatedAt),
    lastTransactionDate: person.lastVisitAt ? dutchieUtc(person.lastVisitAt) : null,
    mergedIntoCustomerId: null,
  };
}

/** A Dutchie record in neutral field names (`customerOf`): dates of birth carry a midnight time [4.4]. */
function customerFromRecord(record: DutchieSimRecord): SimCustomer {
  return {
    status: record.mergedIntoCustomerId !== null ? 'merged' : record.status === 'Active' ? 'active' : 'deactivated',
    firstName: record.firstName ?? '',
    middleName: record.middleName,
    lastName: record.lastName ?? '',
    dateOfBirth: record.dateOfBirth?.slice(0, 10) ?? '',
    phone: record.phone,
    email: record.emailAddress,
    customerType: record.customerType?.startsWith('Medical') ? 'medical' : 'adult',
    notes: record.notes,
    tags: record.discountGroups,
  };
}

/** Neutral edits in Dutchie's fields, written as `recordFromPerson` writes them (`name` follows the parts). */
const DUTCHIE_FIELDS: Partial<NeutralFields<DutchieSimRecord>> = {
  firstName: (value, record) => ({ firstName: value, name: `${value} ${record.lastName ?? ''}`.trim() }),
  middleName: (value) => ({ middleName: value }),
  lastName: (value, record) => ({ lastName: value, name: `${record.firstName ?? ''} ${value}`.trim() }),
  dateOfBirth: (value) => ({ dateOfBirth: dutchieDate(value) }),
  phone: (value) => ({ phone: value, cellPhone: value }),
  email: (value) => ({ emailAddress: value }),
  notes: (value) => ({ notes: value }),
  tags: (value) => ({ discountGroups: value }),
};

type WriteBody = Record<string, unknown>;
const str = (value: unknown): string | null =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;

/** Fields `POST /customer/customer` sets [4.3], with how each is stored. */
const WRITABLE: Record<string, (value: unknown) => unknown> = {
  firstName: str,
  middleName: str,
  lastName: str,
  address1: str,
  address2: str,
  city: str,
  state: str,
  postalCode: str,
  phone: str,
  cellPhone: str,
  emailAddress: str,
  dateOfBirth: (value) => dutchieDate(str(value)),
  gender: str,
  customerType: str,
  mmjidNumber: str,
  mmjidExpirationDate: (value) => dutchieDate(str(value)),
  notes: str,
  externalCustomerId: str,
};

/**
 * What Dutchie stores for a create or update body. Updates are sparse [4.3]: fields the body
 * carries are set, the others kept. The licence number is kept only as a hash [4.8].
 */
export function dutchieRecordFromWrite(
  body: WriteBody,
  id: number,
  now: Date,
  previous: DutchieSimRecord | undefined,
  locationName: string,
): DutchieSimRecord {
  const base = previous ?? blankRecord(id, now, locationName);
  const next: DutchieSimRecord = { ...base, customerId: id };
  const target = next as unknown as Record<string, unknown>;
  for (const [field, store] of Object.entries(WRITABLE)) {
    if (!Object.hasOwn(body, field)) continue;
    if (body[field] === null && !DUTCHIE_SIM_CHOICES.nullClearsOnUpdate) continue;
    target[field] = store(body[field]);
  }
  const licence = str(body.driversLicenseID);
  if (licence) next.driversLicenseHash = licenceHash(licence);
  next.name = [next.firstName, next.lastName].filter(Boolean).join(' ') || null;
  next.lastModifiedDateUTC = dutchieUtc(now);
  return next;
}

/** A customer created through the API starts empty; the body fills it. */
function blankRecord(id: number, now: Date, locationName: string): DutchieSimRecord {
  return {
    customerId: id,
    uniqueId: createHash('sha256').update(`dutchie-api-${id}`).digest('hex').slice(0, 32),
    name: null,
    firstName: null,
    lastName: null,
    middleName: null,
    namePrefix: null,
    nameSuffix: null,
    address1: null,
    address2: null,
    city: null,
    state: null,
    postalCode: null,
    phone: null,
    cellPhone: null,
    emailAddress: null,
    status: 'Active', // [4.3]
    mmjidNumber: null,
    mmjidExpirationDate: null,
    customerType: null,
    gender: null,
    dateOfBirth: null,
    driversLicenseHash: null,
    externalCustomerId: null,
    createdByIntegrator: 'Patron',
    customIdentifier: null,
    isAnonymous: false,
    isLoyaltyMember: false,
    referralSource: null,
    otherReferralSource: null,
    springBigMemberId: 0,
    discountGroups: [],
    primaryQualifyingCondition: null,
    secondaryQualifyingConditions: [],
    createdAtLocation: locationName,
    notes: null,
    creationDate: dutchieUtc(now),
    lastModifiedDateUTC: dutchieUtc(now),
    lastTransactionDate: null,
    mergedIntoCustomerId: null,
  };
}

function traceId(): string {
  return `0H${randomBytes(5).toString('hex').toUpperCase()}:${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

/** `{Message, TraceId}`, the documented 429 shape [4.6], used for the other plain errors too. */
function message(reply: FastifyReply, status: number, text: string) {
  return reply.code(status).send({ Message: text, TraceId: traceId() });
}

/** The ASP.NET problem document for fields that are missing or cannot be read. */
function problem(reply: FastifyReply, errors: Record<string, string[]>) {
  return reply.code(400).send({
    type: 'https://tools.ietf.org/html/rfc7231#section-6.5.1',
    title: DUTCHIE_SIM_CHOICES.validationTitle,
    status: 400,
    traceId: traceId(),
    errors,
  });
}

/** Query parameters by lower-case name: ASP.NET binds them without regard to case. */
function queryParam(request: FastifyRequest, name: string): string | undefined {
  const query = (request.query ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(query)) {
    if (key.toLowerCase() === name.toLowerCase()) return Array.isArray(value) ? String(value[0]) : String(value);
  }
  return undefined;
}

/** The key of a Basic `Authorization` header (user name; the password is empty or an integrator key [4.2]). */
export function basicUser(header: string | undefined): string | null {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : decoded.slice(0, colon);
}

/** Missing or unreadable fields (a problem document), or one broken business rule (a property error). */
type Refusal = { kind: 'fields'; errors: Record<string, string[]> } | { kind: 'rule'; field: string; text: string };

/** Validation of a create or update body, from the legacy create rules [4.3]. */
function refusal(body: WriteBody, creating: boolean): Refusal | null {
  const has = (field: string) => creating || Object.hasOwn(body, field);
  const blank = (value: unknown) => typeof value !== 'string' || value.trim() === '';
  const missing: Record<string, string[]> = {};
  for (const [field, label] of [
    ['firstName', 'FirstName'],
    ['lastName', 'LastName'],
  ] as const) {
    if (has(field) && blank(body[field])) missing[label] = [`The ${label} field is required.`];
  }
  // A create needs a phone [4.3]; an update may leave it as it is (updates are sparse).
  if (creating && blank(body.phone)) missing.Phone = ['The Phone field is required.'];
  const birth = str(body.dateOfBirth);
  if (has('dateOfBirth') && (!birth || !leadingCalendarDate(birth))) {
    missing.DateOfBirth = ['The DateOfBirth field is required and must be a date.'];
  }
  const gender = body.gender;
  if (gender !== undefined && gender !== null && !['Male', 'Female', 'NonBinary'].includes(String(gender))) {
    missing.Gender = ['The Gender field must be Male, Female or NonBinary.'];
  }
  if (Object.keys(missing).length) return { kind: 'fields', errors: missing };

  const rule = (field: string, text: string): Refusal => ({ kind: 'rule', field, text });
  const type = body.customerType;
  const types: readonly string[] = DUTCHIE_SIM_CHOICES.customerTypes;
  if (has('customerType') && (typeof type !== 'string' || !types.includes(type))) {
    return rule('customerType', 'Customer type must be one of the types configured for this location');
  }
  const phone = body.phone;
  // "a valid US number" [4.3]: 10 digits, not starting with 0 or 1.
  if (phone !== undefined && phone !== null && !/^[2-9]\d{9}$/.test(String(phone))) {
    return rule('phone', 'Phone must be a valid US phone number');
  }
  if (typeof type === 'string' && /medical/i.test(type)) {
    const expiry = str(body.mmjidExpirationDate);
    if (blank(body.mmjidNumber) || !expiry || !leadingCalendarDate(expiry)) {
      return rule('mmjidNumber', 'Medical customers need an MMJ ID and its expiration date');
    }
  }
  return null;
}

/** Instant of a record's last change, for filtering and ordering. */
function changedAt(record: DutchieSimRecord): number {
  return utcMs(record.lastModifiedDateUTC);
}

export function dutchieSimulatorDefinition(settings: {
  /** Every key this location accepts, with its scopes [4.2]. */
  keys: ReadonlyMap<string, ReadonlySet<DutchieScope>>;
  locationName: string;
  rateLimit: RateLimit;
  loyalty: Map<string, number>;
}): SimulatorDefinition<DutchieSimRecord> {
  const { locationName, loyalty } = settings;
  // Endpoints outside the standard tier get their own buckets here [4.6]; the kit holds the standard one.
  const tiered: Record<string, RateLimit> = {
    '/whoami': DUTCHIE_RATE_LIMITS.highTraffic,
    '/reporting/loyalty-snapshot': DUTCHIE_RATE_LIMITS.reporting,
  };
  const tierBuckets = new Map<string, TokenBucket>();
  const rateLimited = (reply: FastifyReply, retryAfterSeconds: number | null, limit: number) => {
    if (retryAfterSeconds !== null) reply.header('retry-after', String(retryAfterSeconds));
    // The documented body [4.6].
    return message(reply, 429, `Too many requests - only ${limit} per minute allowed`);
  };
  const perMinute = (rate: RateLimit) => Math.round((rate.limit * 60_000) / rate.intervalMs);

  return {
    vendor: 'dutchie',
    idOf: (record) => String(record.customerId),
    fromPerson(person, id) {
      loyalty.set(String(id), person.loyaltyPoints);
      return recordFromPerson(person, id, locationName);
    },
    edit(record, changes, now) {
      const { loyaltyBalance, ...rest } = changes;
      if (typeof loyaltyBalance === 'number') loyalty.set(String(record.customerId), loyaltyBalance);
      return { ...record, ...rest, lastModifiedDateUTC: dutchieUtc(now) } as DutchieSimRecord;
    },
    malform: (record) => ({ ...record, firstName: 42, dateOfBirth: ['not', 'a', 'date'] }),
    toCustomer: customerFromRecord,
    recordChanges: (changes, record) => neutralChanges('dutchie', DUTCHIE_FIELDS, changes, record),
    // Balances live beside the customers, not on them [4.4]: they are kept with the store.
    state: {
      save: () => Object.fromEntries(loyalty),
      load(saved) {
        if (!saved || typeof saved !== 'object') return;
        for (const [id, balance] of Object.entries(saved)) if (typeof balance === 'number') loyalty.set(id, balance);
      },
    },
    rateLimit: settings.rateLimit,
    // Per key and per endpoint [4.6]; calls without a key are refused before they count.
    rateLimitKey(request) {
      const key = basicUser(request.headers.authorization);
      const route = request.routeOptions.url ?? request.url.split('?')[0] ?? '';
      if (key === null || Object.hasOwn(tiered, route)) return null;
      return `${key}|${route}`;
    },
    rateLimited: (reply, retryAfterSeconds) => rateLimited(reply, retryAfterSeconds, perMinute(settings.rateLimit)),
    serverError: (reply) =>
      message(reply, DUTCHIE_SIM_CHOICES.serverError.status, DUTCHIE_SIM_CHOICES.serverError.message),

    routes(app, context: SimulatorContext<DutchieSimRecord>) {
      const { store, faults } = context;

      // HTTP Basic, key as user name [4.2]. A wrong or missing key answers 401 with an empty body [4.6].
      const authenticate = async (request: FastifyRequest, reply: FastifyReply) => {
        const key = basicUser(request.headers.authorization);
        const scopes = key === null ? undefined : settings.keys.get(key);
        if (!scopes) return reply.code(401).header('content-length', '0').send();
        const route = request.routeOptions.url ?? '';
        // Keys are permission-scoped; a missing scope answers 403 [4.2].
        const needed = route.startsWith('/reporting/')
          ? 'reporting'
          : route.startsWith('/customer/')
            ? 'customers'
            : null;
        if (needed && !scopes.has(needed)) {
          return message(reply, DUTCHIE_SIM_CHOICES.forbidden.status, DUTCHIE_SIM_CHOICES.forbidden.message);
        }
        const tier = tiered[route];
        if (tier && faults.settings.enforceRateLimit) {
          // Per key and per endpoint [4.6].
          const bucket = tierBuckets.get(`${key}|${route}`) ?? new TokenBucket(tier);
          tierBuckets.set(`${key}|${route}`, bucket);
          const wait = bucket.tryTake();
          if (wait > 0) {
            const after = faults.settings.retryAfterSeconds === null ? null : Math.max(1, Math.ceil(wait / 1000));
            return rateLimited(reply, after, tier.limit);
          }
        }
      };
      const guarded = { onRequest: authenticate };

      /** Records changed in `[from, to)`, in list order; `undefined` after answering 400 for an unreadable bound. */
      const changed = (request: FastifyRequest, reply: FastifyReply): DutchieSimRecord[] | undefined => {
        const bounds: Record<string, number | null> = {};
        for (const name of ['fromLastModifiedDateUTC', 'toLastModifiedDateUTC']) {
          const raw = queryParam(request, name);
          const ms = raw === undefined || raw === '' ? null : utcMs(raw);
          if (ms !== null && Number.isNaN(ms)) {
            problem(reply, { [name]: [`The value '${raw}' is not valid for ${name}.`] });
            return undefined;
          }
          bounds[name] = ms;
        }
        const from = bounds.fromLastModifiedDateUTC ?? null;
        const to = bounds.toLastModifiedDateUTC ?? null;
        return store.derived(`changed ${from} ${to}`, () =>
          store
            .all()
            .filter(
              (r) =>
                from === null || (DUTCHIE_SIM_CHOICES.fromIsInclusive ? changedAt(r) >= from : changedAt(r) > from),
            )
            .filter((r) => to === null || changedAt(r) < to)
            .sort((a, b) => changedAt(a) - changedAt(b) || a.customerId - b.customerId),
        );
      };

      // PascalCase, unlike every other endpoint [4.2].
      app.get('/whoami', guarded, async () => ({
        LocationName: locationName,
        LocationId: 1101,
        CompanyName: 'Patron Simulated Dispensary',
        CompanyId: 77,
      }));

      // Everything in one bare array, no paging [4.3, 4.5].
      app.get('/customer/customers', guarded, async (request, reply) => {
        const rows = changed(request, reply);
        return rows === undefined ? reply : rows.map(context.serve);
      });

      app.get('/customer/customers-paginated', guarded, async (request, reply) => {
        const page = Number(queryParam(request, 'PageNumber') ?? 1);
        const size = Number(queryParam(request, 'PageSize') ?? 50);
        if (!Number.isInteger(page) || page < 1 || !Number.isInteger(size) || size < 1) {
          return problem(reply, { PageNumber: ['PageNumber and PageSize must be positive integers.'] });
        }
        if (size > MAX_PAGE_SIZE) {
          return message(reply, DUTCHIE_SIM_CHOICES.oversizePage.status, DUTCHIE_SIM_CHOICES.oversizePage.message);
        }
        const rows = changed(request, reply);
        if (rows === undefined) return reply;
        // 1-based pages, a bare array; a short page is the last [4.5].
        return rows.slice((page - 1) * size, page * size).map(context.serve);
      });

      // Any of phone, emailAddress, firstName, lastName, dateOfBirth, mmjidNumber; one customer back [4.3].
      app.post('/customer/customerLookup', guarded, async (request, reply) => {
        const body = (request.body ?? {}) as WriteBody;
        const wanted = Object.entries({
          phone: (r: DutchieSimRecord) => [r.phone, r.cellPhone],
          emailAddress: (r: DutchieSimRecord) => [r.emailAddress],
          firstName: (r: DutchieSimRecord) => [r.firstName],
          lastName: (r: DutchieSimRecord) => [r.lastName],
          dateOfBirth: (r: DutchieSimRecord) => [leadingCalendarDate(r.dateOfBirth ?? '')],
          mmjidNumber: (r: DutchieSimRecord) => [r.mmjidNumber],
        }).filter(([field]) => typeof body[field] === 'string' && String(body[field]).trim() !== '');
        if (!wanted.length) {
          return problem(reply, {
            Phone: ['Give at least one of phone, emailAddress, name, dateOfBirth or mmjidNumber.'],
          });
        }
        const same = (field: string, value: string | null | undefined) => {
          const asked = String(body[field]).trim().toLowerCase();
          const held = (value ?? '').trim().toLowerCase();
          return field === 'dateOfBirth' ? held === leadingCalendarDate(asked) : held === asked;
        };
        const match = store
          .all()
          .filter((r) => r.mergedIntoCustomerId === null)
          .find((r) => wanted.every(([field, values]) => values(r).some((value) => same(field, value))));
        if (!match) {
          return message(reply, DUTCHIE_SIM_CHOICES.lookupNoMatch.status, DUTCHIE_SIM_CHOICES.lookupNoMatch.message);
        }
        return context.serve(match);
      });

      // Create without `customerId`, sparse update with it [4.3].
      app.post('/customer/customer', guarded, async (request, reply) => {
        const body = (request.body ?? {}) as WriteBody;
        const id = body.customerId;
        const updating = id !== undefined && id !== null && id !== 0;
        const previous = updating ? store.get(String(id)) : undefined;
        if (updating && !previous) {
          return message(reply, DUTCHIE_SIM_CHOICES.updateUnknown.status, DUTCHIE_SIM_CHOICES.updateUnknown.message);
        }
        const refused = refusal(body, !updating);
        if (refused?.kind === 'fields') return problem(reply, refused.errors);
        if (refused?.kind === 'rule') {
          return reply
            .code(DUTCHIE_SIM_CHOICES.businessRuleStatus)
            .send([{ propertyName: refused.field, errorMessage: refused.text }]);
        }
        const customerId = previous?.customerId ?? store.nextId();
        const record = dutchieRecordFromWrite(body, customerId, new Date(), previous, locationName);
        if (!previous) loyalty.set(String(customerId), 0);
        return reply.code(DUTCHIE_SIM_CHOICES.writeAnswerStatus).send(store.put(record));
      });

      app.get('/customer/customer-types', guarded, async () =>
        DUTCHIE_SIM_CHOICES.customerTypes.map((name, index) => ({ customerTypeId: index + 1, customerType: name })),
      );

      // Balances are not on the customer [4.4].
      app.get('/reporting/loyalty-snapshot', guarded, async () =>
        store.all().map((r) => {
          const balance = loyalty.get(String(r.customerId)) ?? 0;
          return { customerId: r.customerId, loyaltyBalance: balance, loyaltySpent: 0, loyaltyEarned: balance };
        }),
      );
    },
  };
}

export async function startDutchieSimulator(options: DutchieSimulatorOptions = {}): Promise<RunningDutchieSimulator> {
  const loyalty = new Map<string, number>();
  const apiKey = options.apiKey ?? 'patron-sim-dutchie-location-key';
  const keys = new Map<string, ReadonlySet<DutchieScope>>(
    Object.entries(options.scopedKeys ?? {}).map(([key, scopes]) => [key, new Set(scopes)]),
  );
  keys.set(apiKey, new Set<DutchieScope>(['customers', 'reporting']));
  const settings = {
    keys,
    locationName: options.locationName ?? 'Main Street',
    rateLimit: options.rateLimit ?? DUTCHIE_RATE_LIMITS.standard,
    loyalty,
  };
  const simulator = await startSimulator(dutchieSimulatorDefinition(settings), options);
  return {
    ...simulator,
    loyalty,
    // No path prefix: production is `https://api.pos.dutchie.com/<path>` [4.1].
    credentials: { baseUrl: simulator.url, apiKey },
  };
}

/** Dutchie's entry in the simulator registry (`src/pos/simulators.ts`, demo and tests only). */
export const dutchieSimulator: VendorSimulator<DutchieCredentials> = {
  vendor: 'dutchie',
  listRateLimit: DUTCHIE_RATE_LIMITS.standard,
  maxPageSize: MAX_PAGE_SIZE,
  async start(options) {
    const simulator = await startDutchieSimulator(options);
    return { simulator: simulator as RunningSimulator<unknown>, credentials: simulator.credentials };
  },
};
