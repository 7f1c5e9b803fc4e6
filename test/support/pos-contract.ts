/**
 * Test support of the POS contract tests (`src/pos/contract.test.ts` and the vendor-specific
 * `src/pos/<vendor>/client.test.ts`): a retry policy short enough for tests, reading a whole pull
 * into memory, and what the shared suite must know of each vendor to drive it through the port.
 * Clients come from the production registry, with its neutral test knobs (`pageSize`, `transport`).
 * A profile still names a few vendor fields (the malformed fault's raw record, an edit at the POS):
 * that is what it tells the shared suite about its vendor.
 */

import { loopbackAllowedOutbound } from '../../src/egress/outbound-http.ts';
import type {
  PosClient,
  PosCursor,
  PosCustomer,
  PosCustomerInput,
  PosMalformed,
  PosVendor,
} from '../../src/pos/port.ts';
import type { PosClientOptions } from '../../src/pos/registration.ts';
import { posVendor } from '../../src/pos/registry.ts';

/** The simulators listen on loopback: allowed here explicitly, as demo mode allows it. */
const outbound = loopbackAllowedOutbound();

/** Retries with short waits, so fault tests stay fast; Retry-After is still honoured up to 5 s. */
export const FAST_RETRY = { attempts: 4, baseDelayMs: 20, maxDelayMs: 200, maxRetryAfterMs: 5_000 };

/** Every page of a pull from `cursor`, with where it ended; fails rather than loop past `maxPages`. */
export async function pullAll(client: PosClient, cursor: PosCursor, maxPages = 500) {
  const customers: PosCustomer[] = [];
  const malformed: PosMalformed[] = [];
  let next = cursor;
  let pages = 0;
  for await (const page of client.listChangedSince(cursor)) {
    customers.push(...page.customers);
    malformed.push(...page.malformed);
    next = page.next;
    pages += 1;
    if (pages >= maxPages) throw new Error('pull did not end');
  }
  return { customers, malformed, next, pages };
}

/**
 * A customer every vendor accepts on create (Flowhub needs a state, Dutchie a medical card); vendor
 * tests vary it where they prove a quirk.
 */
export const NEW_CUSTOMER: PosCustomerInput = {
  firstName: 'Devon',
  middleName: null,
  lastName: 'Okafor',
  preferredName: null,
  dateOfBirth: '1990-04-12',
  gender: null,
  phone: '+17025559876',
  email: 'devon.okafor@example.com',
  customerType: 'medical',
  medical: { cardNumber: 'MMJ-1001', state: 'NV', expiresOn: '2027-06-30' },
  idDocument: { type: 'drivers_license', number: 'NV123456', state: 'NV', expiresOn: '2030-01-01' },
  address: { line1: '1 Main St', line2: null, city: 'Las Vegas', state: 'NV', postalCode: '89101', country: 'US' },
  consents: { sms: true, email: false },
  loyaltyPoints: 0,
  tags: [],
  notes: null,
  banned: null,
};

/** The registry's client options with credentials not yet validated (they are, as stored ones are). */
export type ContractClientOptions = Pick<
  PosClientOptions<unknown>,
  'credentials' | 'timeZone' | 'pageSize' | 'transport'
>;

/** What the shared contract suite must know of a vendor that the port does not say. */
export interface ContractProfile {
  createClient(options: ContractClientOptions): PosClient;
  /** An id in the vendor's format that the simulator does not know. */
  unknownId: string;
  /** The error message of reading `unknownId`: it names the route template, never the filled-in path. */
  notFoundMessage: string;
  /** The status the simulator answers a server-error fault with. */
  serverErrorStatus: number;
  /** The token call's route (its end), for vendors that exchange credentials for tokens; else `null`. */
  tokenRoute: string | null;
  /** What a record broken by the malformed fault looks like raw: its id and the field given a wrong type. */
  brokenRaw(externalId: string): Record<string, unknown>;
  /**
   * The secret credential fields the wrong-credentials test replaces (BLAZE: the developer key; its
   * partner key has its own test in `blaze/client.test.ts`).
   */
  secretFields: string[];
  /** The lookups the vendor offers [REFERENCE], so the suite runs their tests only where they apply. */
  lookups: { phone: boolean; email: boolean };
  /** A budtender's edit of the first name, in the vendor's field names. */
  firstNameEdit(name: string): Record<string, unknown>;
  /** How far before the cursor an incremental pull may re-read (the client's overlap, or the vendor's granularity). */
  rereadMs: number;
}

/** A client from the production registry for `vendor`, its credentials validated as stored ones are. */
function registryClient(vendor: PosVendor, options: ContractClientOptions): PosClient {
  const entry = posVendor(vendor);
  if (!entry) throw new Error(`${vendor} is not registered`);
  return entry.createClient({
    ...options,
    outbound,
    credentials: entry.credentialsSchema.parse(options.credentials),
  });
}

export const CONTRACT_PROFILES: Record<PosVendor, ContractProfile> = {
  treez: {
    createClient: (options) => registryClient('treez', options),
    unknownId: '424242',
    notFoundMessage: 'treez: GET /customer/{customer_id} answered 404 CUSTOMER_DOESNT_EXIST',
    serverErrorStatus: 502,
    tokenRoute: '/gettokens',
    brokenRaw: (id) => ({ customer_id: id, first_name: 42 }),
    secretFields: ['clientId', 'apiKey'],
    lookups: { phone: true, email: true },
    firstNameEdit: (name) => ({ first_name: name }),
    rereadMs: 1_000, // the client re-reads the last second [1.4]
  },
  flowhub: {
    createClient: (options) => registryClient('flowhub', options),
    unknownId: '424242',
    notFoundMessage: 'flowhub: GET /v1/customers/{customerId} answered 404',
    serverErrorStatus: 500,
    tokenRoute: null,
    brokenRaw: (id) => ({ id, name: 42 }),
    secretFields: ['clientId', 'key'],
    lookups: { phone: true, email: false },
    firstNameEdit: (name) => ({ name }),
    rereadMs: 2 * 86_400_000, // `updated_after` is a store-local day [2.5]
  },
  cova: {
    createClient: (options) => registryClient('cova', options),
    unknownId: '00000000-0000-4000-8000-000000000000',
    notFoundMessage: 'cova: GET /Companies({CompanyId})/CustomerFull({CustomerId}) answered 404',
    serverErrorStatus: 500,
    tokenRoute: '/v1/oauth2/token',
    brokenRaw: (id) => ({ Id: id, PrimaryName: 42 }),
    secretFields: ['password', 'clientSecret'],
    lookups: { phone: true, email: true },
    firstNameEdit: (name) => ({ PrimaryName: name }),
    rereadMs: 2_000, // whole seconds in the filter, plus the client's re-read
  },
  dutchie: {
    createClient: (options) => registryClient('dutchie', options),
    unknownId: '424242',
    notFoundMessage: 'dutchie: GET /customer/customers has no such customer',
    serverErrorStatus: 503,
    tokenRoute: null,
    brokenRaw: (id) => ({ customerId: Number(id), firstName: 42 }),
    secretFields: ['apiKey'],
    lookups: { phone: true, email: true },
    firstNameEdit: (name) => ({ firstName: name }),
    rereadMs: 61_000, // the 60-second backward buffer [4.8]
  },
  blaze: {
    createClient: (options) => registryClient('blaze', options),
    unknownId: '65f0a1b2c3d4e5f600001092', // the simulator's `blazeId(4242)`: an id it never hands out
    notFoundMessage: 'blaze: GET /members/{memberId} answered 400 BlazeInvalidArgException',
    serverErrorStatus: 500,
    tokenRoute: null,
    brokenRaw: (id) => ({ id, firstName: 42 }),
    secretFields: ['apiKey'],
    lookups: { phone: false, email: false },
    firstNameEdit: (name) => ({ firstName: name }),
    rereadMs: 1_000, // the client re-reads the last second
  },
};
