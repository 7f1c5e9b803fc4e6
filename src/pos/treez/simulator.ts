/**
 * A Treez "SellTreez v2" customer API on loopback, as REFERENCE.md §1 describes it: token exchange,
 * `client_id` + `Authorization` headers, the `resultCode` envelope, 50-record path-segment paging,
 * 10 requests/s per location, and the full-replace update that wipes omitted fields. Where the
 * reference says UNCONFIRMED, the choice is made in `TREEZ_SIM_CHOICES` below and nowhere else.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isCalendarDate, offsetDateTimeToUtc } from '../dates.ts';
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
import { zonedParts } from '../simulator-kit/zoned-time.ts';
import type { TreezCredentials } from './credentials.ts';

/** Behaviour REFERENCE.md leaves open, chosen here as the most likely, in one place. */
export const TREEZ_SIM_CHOICES = {
  /** No 429 shape is documented [1.6]: the usual envelope with a reason code. */
  rateLimitedBody: {
    resultCode: 'FAIL',
    resultReason: 'TOO_MANY_REQUESTS',
    resultDetail: 'Limit is 10 requests per second',
  },
  /** The hosts sit behind an API gateway whose bodies are `{"message":…}` [1.1]; a 5xx looks the same. */
  serverError: { status: 502, body: { message: 'Internal server error' } },
  /** Wrong `client_id`/`apikey` at the token call: not documented; the FAIL envelope with 401. */
  badCredentials: {
    status: 401,
    body: { resultCode: 'FAIL', resultReason: 'INVALID_CREDENTIALS', resultDetail: null },
  },
  /** A page past the end: an empty `data` array with SUCCESS (lookups without a match answer 404 NOT_FOUND [1.6]). */
  emptyPageStatus: 200,
  /** Duplicate phone or email on create is refused [1.8]; the reason code is not documented. */
  duplicateReason: 'CUSTOMER_ALREADY_EXISTS',
  /** `lastUpdated/after/{t}` is read as strictly after `t`. */
  afterIsStrict: true,
  /** Lists are ordered by `last_update`, then id (ordering is not documented [1.5]). */
} as const;

const MAX_PAGE_SIZE = 50; // "API response limit is 50 per request call" [1.5]
const RATE_LIMIT = { limit: 10, intervalMs: 1000 }; // 10 TPS per location [1.6]
const TOKEN_TTL_MS = 2 * 60 * 60 * 1000; // 2 h tokens [1.2]
const UNAUTHENTICATED = { resultCode: 'FAIL', resultReason: 'Full authentication is required to access this resource' };

export interface TreezSimRecord {
  customer_id: string;
  status: 'ACTIVE' | 'DEACTIVATED' | 'MERGED';
  verification_status: string;
  verification_reasons: { verification_reason: string; verification_reason_description: string }[];
  first_name: string | null;
  middle_name: string | null;
  nickname: string | null;
  last_name: string | null;
  birthday: string | null;
  drivers_license: string | null;
  drivers_license_expiration: string | null;
  state_medical_id: string | null;
  permit_expiration: string | null;
  email: string | null;
  phone: string | null;
  notes: string | null;
  physician_first_name: string | null;
  physician_last_name: string | null;
  physician_license: string | null;
  physician_address: string | null;
  physician_phone: string | null;
  is_caregiver: boolean;
  caregiver_license_number: string | null;
  caregiver_name_1: string | null;
  caregiver_name_2: string | null;
  caregiver_details: { caregiver_customer_id: number | string }[];
  rewards_balance: number | null;
  rewards_type: 'POINTS';
  gender: string;
  signup_date: string;
  last_visit_date: string | null;
  last_update: string;
  opt_out: boolean | null;
  referral_source: string | null;
  banned: boolean;
  warning_1: boolean;
  warning_2: boolean;
  addresses: {
    type: string;
    street1: string | null;
    street2: string | null;
    city: string | null;
    state: string | null;
    zipcode: string | null;
    primary: boolean;
  }[];
  merged_customer_ids: number[];
  merged_into_customer_id: number | null;
  patient_type: string;
  customer_groups: string[];
  external_ids: { aiq_contact_id: string | null };
}

export interface TreezSimulatorOptions extends SimulatorOptions {
  dispensary?: string;
  clientId?: string;
  apiKey?: string;
  /** The store's zone: Treez writes local times with its offset [1.4]. Default America/Los_Angeles. */
  timeZone?: string;
}

export interface RunningTreezSimulator extends RunningSimulator<TreezSimRecord> {
  credentials: TreezCredentials;
  timeZone: string;
}

/** `2024-05-14T09:06:40.000-07:00` [1.4] */
export function treezOffsetDateTime(instant: Date, timeZone: string): string {
  const p = zonedParts(instant, timeZone);
  return `${p.date}T${p.time}${p.offset}`;
}

/** `2024-05-31 09:54:13.000`, no zone [1.4] */
function treezLocalDateTime(instant: Date, timeZone: string): string {
  const p = zonedParts(instant, timeZone);
  return `${p.date} ${p.time}`;
}

const GENDER = { male: 'M', female: 'F', nonbinary: 'N' } as const;

function recordFromPerson(person: FakePerson, id: number, timeZone: string): TreezSimRecord {
  const card = person.medicalCard;
  const licence = person.driversLicense;
  return {
    customer_id: String(id), // a string of digits [1.3]
    status: 'ACTIVE',
    verification_status: 'VERIFIED',
    verification_reasons: [],
    first_name: person.firstName,
    middle_name: person.middleName,
    nickname: person.nickname ?? '',
    last_name: person.lastName,
    birthday: person.dateOfBirth,
    drivers_license: licence?.number ?? null,
    drivers_license_expiration: licence?.expiresOn ?? null,
    // "N/A" when empty; read back as `2024-05-31 00:00:00.000` [1.4]
    state_medical_id: card?.number ?? 'N/A',
    permit_expiration: card ? `${card.expiresOn} 00:00:00.000` : 'N/A',
    email: person.email,
    phone: person.phone,
    notes: person.notes,
    physician_first_name: null,
    physician_last_name: null,
    physician_license: null,
    physician_address: null,
    physician_phone: null,
    is_caregiver: false,
    caregiver_license_number: '',
    caregiver_name_1: 'N/A',
    caregiver_name_2: 'N/A',
    caregiver_details: [],
    rewards_balance: person.loyaltyPoints,
    rewards_type: 'POINTS',
    gender: person.gender ? GENDER[person.gender] : 'U',
    signup_date: treezOffsetDateTime(person.createdAt, timeZone),
    last_visit_date: person.lastVisitAt ? treezLocalDateTime(person.lastVisitAt, timeZone) : null,
    last_update: treezOffsetDateTime(person.updatedAt, timeZone),
    opt_out: person.smsOptIn === null && person.emailOptIn === null ? null : !(person.smsOptIn || person.emailOptIn),
    referral_source: null,
    banned: person.banned,
    warning_1: false,
    warning_2: false,
    addresses: person.address
      ? [
          {
            type: 'address_of_record', // lower-case on read [1.4]
            street1: person.address.line1,
            street2: person.address.line2 ?? '',
            city: person.address.city,
            state: person.address.state,
            zipcode: person.address.postalCode,
            primary: true,
          },
        ]
      : [],
    merged_customer_ids: [],
    merged_into_customer_id: null,
    patient_type: card ? 'MEDICAL_MMID' : 'ADULT',
    customer_groups: person.tags,
    external_ids: { aiq_contact_id: null },
  };
}

const NA = (value: string | null): string | null => (value === 'N/A' || value === '' ? null : value);
const GENDER_OF: Record<string, FakePerson['gender']> = { M: 'male', F: 'female', N: 'nonbinary' };

/** A Treez record in neutral field names (`customerOf`): "N/A" and empty strings read as none [1.4]. */
function customerFromRecord(record: TreezSimRecord): SimCustomer {
  const card = NA(record.state_medical_id);
  const address = record.addresses[0];
  return {
    status: record.status === 'ACTIVE' ? 'active' : record.status === 'MERGED' ? 'merged' : 'deactivated',
    firstName: record.first_name ?? '',
    middleName: record.middle_name,
    lastName: record.last_name ?? '',
    nickname: NA(record.nickname),
    dateOfBirth: record.birthday ?? '',
    gender: GENDER_OF[record.gender] ?? null,
    phone: record.phone,
    email: record.email,
    customerType: record.patient_type.startsWith('MEDICAL') ? 'medical' : 'adult',
    // No card or licence state on Treez [1.4]; the card's expiry is read back with a time.
    medicalCard: card
      ? { number: card, state: null, expiresOn: NA(record.permit_expiration)?.slice(0, 10) ?? null }
      : null,
    driversLicense: record.drivers_license
      ? { number: record.drivers_license, state: null, expiresOn: record.drivers_license_expiration }
      : null,
    address: address
      ? {
          line1: address.street1 ?? '',
          line2: NA(address.street2),
          city: address.city ?? '',
          state: address.state ?? '',
          postalCode: address.zipcode ?? '',
        }
      : null,
    // One marketing flag for both channels [1.4].
    smsOptIn: record.opt_out === null ? null : !record.opt_out,
    emailOptIn: record.opt_out === null ? null : !record.opt_out,
    loyaltyPoints: record.rewards_balance ?? 0,
    notes: record.notes,
    tags: record.customer_groups,
    banned: record.banned,
  };
}

/** Neutral edits in Treez's fields, written as `recordFromPerson` writes them. */
const TREEZ_FIELDS: Partial<NeutralFields<TreezSimRecord>> = {
  firstName: (value) => ({ first_name: value }),
  middleName: (value) => ({ middle_name: value }),
  lastName: (value) => ({ last_name: value }),
  nickname: (value) => ({ nickname: value ?? '' }),
  dateOfBirth: (value) => ({ birthday: value }),
  gender: (value) => ({ gender: value ? GENDER[value] : 'U' }),
  phone: (value) => ({ phone: value }),
  email: (value) => ({ email: value }),
  notes: (value) => ({ notes: value }),
  tags: (value) => ({ customer_groups: value }),
  banned: (value) => ({ banned: value }),
  loyaltyPoints: (value) => ({ rewards_balance: value }),
  customerType: (value) => ({ patient_type: value === 'medical' ? 'MEDICAL_MMID' : 'ADULT' }),
  medicalCard: (card) => ({
    state_medical_id: card?.number ?? 'N/A',
    permit_expiration: card ? `${card.expiresOn} 00:00:00.000` : 'N/A',
  }),
  driversLicense: (licence) => ({
    drivers_license: licence?.number ?? null,
    drivers_license_expiration: licence?.expiresOn ?? null,
  }),
};

type WriteBody = Record<string, unknown>;
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const bool = (value: unknown): boolean => value === true;

/**
 * What Treez stores for a create or update body. An update is a full replacement: every field the
 * body leaves out is cleared [1.3 "LIMITATIONS"]; only identity, status and history survive (a body
 * that names a status sets it: that is how a customer is deactivated).
 */
export function treezRecordFromWrite(
  body: WriteBody,
  id: string,
  now: Date,
  timeZone: string,
  previous?: TreezSimRecord,
): TreezSimRecord {
  const permit = str(body.permit_expiration);
  const addresses = Array.isArray(body.addresses) ? (body.addresses as WriteBody[]) : [];
  return {
    customer_id: id,
    // A write may set the status to ACTIVE or DEACTIVATED [1.4]; MERGED is Treez's own doing.
    status: body.status === 'ACTIVE' || body.status === 'DEACTIVATED' ? body.status : (previous?.status ?? 'ACTIVE'),
    // The API cannot create verified customers [1.4 FAQ].
    verification_status: previous?.verification_status ?? 'VERIFICATION_PENDING',
    verification_reasons: previous?.verification_reasons ?? [],
    first_name: str(body.first_name),
    middle_name: str(body.middle_name),
    nickname: str(body.nickname),
    last_name: str(body.last_name),
    birthday: str(body.birthday),
    drivers_license: str(body.drivers_license),
    drivers_license_expiration: str(body.drivers_license_expiration),
    state_medical_id: str(body.state_medical_id) ?? 'N/A',
    permit_expiration: permit && isCalendarDate(permit) ? `${permit} 00:00:00.000` : (permit ?? 'N/A'),
    email: str(body.email),
    phone: str(body.phone),
    notes: str(body.notes),
    physician_first_name: str(body.physician_first_name),
    physician_last_name: str(body.physician_last_name),
    physician_license: str(body.physician_license),
    physician_address: str(body.physician_address),
    physician_phone: str(body.physician_phone),
    is_caregiver: bool(body.is_caregiver),
    caregiver_license_number: str(body.caregiver_license_number),
    caregiver_name_1: str(body.caregiver_name_1),
    caregiver_name_2: str(body.caregiver_name_2),
    caregiver_details: Array.isArray(body.caregiver_details)
      ? (body.caregiver_details as TreezSimRecord['caregiver_details'])
      : [],
    rewards_balance: typeof body.rewards_balance === 'number' ? body.rewards_balance : null,
    rewards_type: 'POINTS',
    gender: str(body.gender) ?? 'U',
    signup_date: previous?.signup_date ?? treezOffsetDateTime(now, timeZone),
    last_visit_date: previous?.last_visit_date ?? null,
    last_update: treezOffsetDateTime(now, timeZone),
    opt_out: typeof body.opt_out === 'boolean' ? body.opt_out : null,
    referral_source: str(body.referral_source),
    banned: bool(body.banned),
    warning_1: bool(body.warning_1),
    warning_2: bool(body.warning_2),
    addresses: addresses.map((a) => ({
      type: (str(a.type) ?? 'ADDRESS_OF_RECORD').toLowerCase(), // upper-case on write, lower on read [1.4]
      street1: str(a.street1),
      street2: str(a.street2),
      city: str(a.city),
      state: str(a.state),
      zipcode: str(a.zipcode),
      primary: a.primary !== false, // defaults to true [1.4]
    })),
    merged_customer_ids: previous?.merged_customer_ids ?? [],
    merged_into_customer_id: previous?.merged_into_customer_id ?? null,
    patient_type: str(body.patient_type) ?? 'ADULT',
    customer_groups: Array.isArray(body.customer_groups) ? body.customer_groups.map(String) : [],
    external_ids: previous?.external_ids ?? { aiq_contact_id: null },
  };
}

interface Refusal {
  reason: string;
  detail: string;
}

/** Validation of a create or update body [1.4, 1.6, 1.8]. */
function refusal(body: WriteBody, creating: boolean, store: SimulatorContext<TreezSimRecord>['store']): Refusal | null {
  const blank = (value: unknown) => typeof value !== 'string' || value.trim() === '';
  if (blank(body.first_name))
    return { reason: 'CUSTOMER_FIRST_NAME_BLANK', detail: 'Field first_name cannot be blank' };
  if (blank(body.last_name)) return { reason: 'CUSTOMER_LAST_NAME_BLANK', detail: 'Field last_name cannot be blank' };
  const birthday = str(body.birthday);
  if (!birthday || !isCalendarDate(birthday)) {
    return { reason: 'INVALID_DATE_FORMAT', detail: 'Field birthday must be a date as yyyy-MM-dd' };
  }
  const type = body.patient_type;
  if (type !== 'ADULT' && type !== 'MEDICAL' && type !== 'MEDICAL_MMID') {
    return { reason: 'MODEL_VALIDATION_FAIL', detail: 'Field patient_type must be ADULT, MEDICAL or MEDICAL_MMID' };
  }
  if (type === 'MEDICAL_MMID') {
    if (blank(body.state_medical_id)) {
      return { reason: 'MODEL_VALIDATION_FAIL', detail: 'Field state_medical_id is required for MEDICAL_MMID' };
    }
    const permit = str(body.permit_expiration);
    if (!permit || !isCalendarDate(permit)) {
      return { reason: 'INVALID_DATE_FORMAT', detail: 'Field permit_expiration must be a date as yyyy-MM-dd' };
    }
  }
  const phone = body.phone;
  // 10 digits, cannot start with 0 or 1, no special characters [1.8].
  if (phone !== null && phone !== undefined && (typeof phone !== 'string' || !/^[2-9]\d{9}$/.test(phone))) {
    return { reason: 'MODEL_VALIDATION_FAIL', detail: 'Field phone must be 10 digits and cannot start with 0 or 1' };
  }
  if (creating) {
    const email = str(body.email)?.toLowerCase();
    for (const other of store.all()) {
      if (typeof phone === 'string' && other.phone === phone) {
        return { reason: TREEZ_SIM_CHOICES.duplicateReason, detail: 'Field phone belongs to another customer' };
      }
      if (email && other.email?.toLowerCase() === email) {
        return { reason: TREEZ_SIM_CHOICES.duplicateReason, detail: 'Field email belongs to another customer' };
      }
    }
  }
  return null;
}

function envelope(data: unknown) {
  return { resultCode: 'SUCCESS', resultReason: null, resultDetail: null, data };
}

function fail(reply: FastifyReply, status: number, reason: string, detail: string | null = null) {
  return reply.code(status).send({ resultCode: 'FAIL', resultReason: reason, resultDetail: detail });
}

const changeTimes = new Map<string, number>();

/** Instant of a `last_update`, for filtering and ordering (parsed once per distinct value). */
function changedAt(record: TreezSimRecord): number {
  let at = changeTimes.get(record.last_update);
  if (at === undefined) {
    at = Date.parse(offsetDateTimeToUtc(record.last_update) ?? '1970-01-01T00:00:00Z');
    if (changeTimes.size > 100_000) changeTimes.clear();
    changeTimes.set(record.last_update, at);
  }
  return at;
}

export function treezSimulatorDefinition(settings: {
  dispensary: string;
  clientId: string;
  apiKey: string;
  timeZone: string;
}): SimulatorDefinition<TreezSimRecord> {
  const { dispensary, clientId, apiKey, timeZone } = settings;
  const base = `/v2.0/dispensary/${dispensary}`;

  return {
    vendor: 'treez',
    idOf: (record) => record.customer_id,
    fromPerson: (person, id) => recordFromPerson(person, id, timeZone),
    edit: (record, changes, now) => ({ ...record, ...changes, last_update: treezOffsetDateTime(now, timeZone) }),
    toCustomer: customerFromRecord,
    recordChanges: (changes, record) => neutralChanges('treez', TREEZ_FIELDS, changes, record),
    malform: (record) => ({ ...record, first_name: 42, birthday: ['not', 'a', 'date'] }),
    rateLimit: RATE_LIMIT,
    rateLimitKey: (request) => /^\/v2\.0\/dispensary\/([^/]+)\//.exec(request.url)?.[1] ?? null,
    rateLimited(reply, retryAfterSeconds) {
      if (retryAfterSeconds !== null) reply.header('retry-after', String(retryAfterSeconds));
      return reply.code(429).send(TREEZ_SIM_CHOICES.rateLimitedBody);
    },
    serverError: (reply) => reply.code(TREEZ_SIM_CHOICES.serverError.status).send(TREEZ_SIM_CHOICES.serverError.body),

    routes(app, context) {
      const { store, tokens, faults } = context;

      // v2 token exchange: form-encoded `client_id` + `apikey` [1.2]; JSON with `api_key` is accepted too (UNCONFIRMED variant).
      app.post(`${base}/config/api/gettokens`, async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        const key = body.apikey ?? body.api_key;
        if (body.client_id !== clientId || key !== apiKey) {
          return reply.code(TREEZ_SIM_CHOICES.badCredentials.status).send(TREEZ_SIM_CHOICES.badCredentials.body);
        }
        const ttl = faults.settings.tokenTtlMs ?? TOKEN_TTL_MS;
        const issued = tokens.issue(ttl);
        const refresh = tokens.issue(ttl * 12);
        const expiresAt = treezOffsetDateTime(new Date(issued.expiresAt), timeZone).replace(
          /([+-]\d{2}):(\d{2})$/,
          '$1$2',
        );
        return {
          resultCode: 'SUCCESS',
          resultReason: null,
          access_token: issued.token,
          expires_at: expiresAt, // offset without a colon [1.2]
          expires_in: String(Math.round(ttl / 1000)), // a string [1.2]
          refresh_token: refresh.token,
          expires: expiresAt,
        };
      });

      const authenticate = async (request: FastifyRequest, reply: FastifyReply) => {
        const authorization = request.headers.authorization;
        // The gateway answers a call without credentials with a blanket 403 [1.1].
        if (!authorization) return reply.code(403).send({ message: 'Forbidden' });
        // Bare token or `Bearer <token>`: public code does both [1.2].
        const token = authorization.replace(/^Bearer\s+/i, '');
        if (request.headers.client_id !== clientId || !tokens.isValid(token))
          return reply.code(401).send(UNAUTHENTICATED);
      };
      const guarded = { onRequest: authenticate };

      app.get<{ Params: { datetime: string; page: string; pagesize: string } }>(
        `${base}/customer/lastUpdated/after/:datetime/page/:page/pagesize/:pagesize`,
        guarded,
        async (request, reply) => {
          const since = offsetDateTimeToUtc(request.params.datetime);
          if (since === null) return fail(reply, 400, 'INVALID_DATE_FORMAT', 'Use yyyy-MM-ddTHH:mm:ss.SSSXXX');
          const page = Number(request.params.page);
          const size = Number(request.params.pagesize);
          if (!Number.isInteger(page) || !Number.isInteger(size) || page < 1 || size < 1) {
            return fail(reply, 400, 'INVALID_REQUEST', 'page and pagesize must be positive integers');
          }
          if (size > MAX_PAGE_SIZE) return fail(reply, 400, 'RESPONSE_LIMIT_EXCEEDS', 'API response limit is 50');
          const after = Date.parse(since);
          // Each record's change time is parsed once, not once per comparison of the sort.
          const listing = store.derived(`changed after ${after}`, () =>
            store
              .all()
              // Deactivated customers cannot be listed [1.3].
              .filter((r) => r.status !== 'DEACTIVATED')
              .map((r) => ({ r, at: changedAt(r) }))
              .filter(({ at }) => (TREEZ_SIM_CHOICES.afterIsStrict ? at > after : at >= after))
              .sort((a, b) => a.at - b.at || Number(a.r.customer_id) - Number(b.r.customer_id)),
          );
          const rows = listing.slice((page - 1) * size, page * size).map(({ r }) => r);
          return reply
            .code(rows.length ? 200 : TREEZ_SIM_CHOICES.emptyPageStatus)
            .send(envelope(rows.map(context.serve)));
        },
      );

      const lookup = (reply: FastifyReply, matches: TreezSimRecord[]) =>
        matches.length
          ? envelope(matches.map(context.serve)) // lookups answer an array [1.3]
          : fail(reply, 404, 'NOT_FOUND', 'Nothing was found');

      app.get<{ Params: { email: string } }>(`${base}/customer/email/:email`, guarded, async (request, reply) => {
        const email = request.params.email.toLowerCase();
        return lookup(
          reply,
          store.all().filter((r) => r.email?.toLowerCase() === email),
        );
      });
      app.get<{ Params: { phone: string } }>(`${base}/customer/phone/:phone`, guarded, async (request, reply) =>
        lookup(
          reply,
          store.all().filter((r) => r.phone === request.params.phone),
        ),
      );
      app.get<{ Params: { customer_id: string } }>(`${base}/customer/:customer_id`, guarded, async (request, reply) => {
        const record = store.get(request.params.customer_id);
        if (!record) {
          return fail(
            reply,
            404,
            'CUSTOMER_DOESNT_EXIST',
            `Unable to find customer with id: ${request.params.customer_id}`,
          );
        }
        return envelope(context.serve(record)); // get-by-id answers an object [1.3]
      });

      app.post(`${base}/customer/detailcustomer`, guarded, async (request, reply) => {
        const body = (request.body ?? {}) as WriteBody;
        const refused = refusal(body, true, store);
        if (refused) return fail(reply, 400, refused.reason, refused.detail);
        const record = treezRecordFromWrite(body, String(store.nextId()), new Date(), timeZone);
        return envelope(store.put(record));
      });

      app.post<{ Params: { customer_id: string } }>(
        `${base}/customer/update/:customer_id`,
        guarded,
        async (request, reply) => {
          const previous = store.get(request.params.customer_id);
          if (!previous) {
            return fail(
              reply,
              404,
              'CUSTOMER_DOESNT_EXIST',
              `Unable to find customer with id: ${request.params.customer_id}`,
            );
          }
          const body = (request.body ?? {}) as WriteBody;
          const refused = refusal(body, false, store);
          if (refused) return fail(reply, 400, refused.reason, refused.detail);
          const record = treezRecordFromWrite(body, previous.customer_id, new Date(), timeZone, previous);
          return envelope(store.put(record));
        },
      );
    },
  };
}

export async function startTreezSimulator(options: TreezSimulatorOptions = {}): Promise<RunningTreezSimulator> {
  const settings = {
    dispensary: options.dispensary ?? options.account ?? 'partnersandbox2',
    clientId: options.clientId ?? 'patron-sim-client',
    apiKey: options.apiKey ?? 'patron-sim-apikey',
    timeZone: options.timeZone ?? 'America/Los_Angeles',
  };
  const simulator = await startSimulator(treezSimulatorDefinition(settings), options);
  return {
    ...simulator,
    timeZone: settings.timeZone,
    credentials: {
      baseUrl: `${simulator.url}/v2.0/dispensary/${settings.dispensary}`,
      clientId: settings.clientId,
      apiKey: settings.apiKey,
    },
  };
}

/** Treez's entry in the simulator registry (`src/pos/simulators.ts`, demo and tests only). */
export const treezSimulator: VendorSimulator<TreezCredentials> = {
  vendor: 'treez',
  listRateLimit: RATE_LIMIT,
  maxPageSize: MAX_PAGE_SIZE,
  async start(options) {
    const simulator = await startTreezSimulator(options);
    return { simulator: simulator as RunningSimulator<unknown>, credentials: simulator.credentials };
  },
};
