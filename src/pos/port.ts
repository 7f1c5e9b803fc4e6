/**
 * The port between Patron and a point-of-sale system. Sync and the kiosk talk to a `PosClient`; each
 * vendor folder (`src/pos/<vendor>/`) implements it and is the only place that knows the vendor's
 * paths, field names and quirks. Everything here is vendor-neutral and JSON-serializable.
 */
import type { FieldError } from '../domain/errors.ts';

export type PosVendor = 'treez' | 'flowhub' | 'cova' | 'dutchie' | 'blaze';

export type PosCustomerType = 'adult' | 'medical';
export type PosGender = 'male' | 'female' | 'nonbinary';

export interface PosMedicalCard {
  cardNumber: string | null;
  /** Two-letter issuing state, when the vendor records it. */
  state: string | null;
  /** YYYY-MM-DD. An expired card is still reported as it is; eligibility is a domain rule. */
  expiresOn: string | null;
}

export interface PosIdDocument {
  type: 'drivers_license' | 'state_id' | 'passport' | 'other';
  number: string | null;
  state: string | null;
  /** YYYY-MM-DD */
  expiresOn: string | null;
}

export interface PosAddress {
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string | null;
}

/** Marketing consent as the POS holds it; `null` means the POS does not say. */
export interface PosConsents {
  sms: boolean | null;
  email: boolean | null;
}

/**
 * The fields Patron can write to a POS. A vendor that cannot hold a field ignores it on write and
 * reads it back as `null` (see each vendor's `capabilities` and mapping tests).
 */
export interface PosCustomerInput {
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
  preferredName: string | null;
  /** YYYY-MM-DD */
  dateOfBirth: string | null;
  gender: PosGender | null;
  /** E.164 when it could be normalized; otherwise exactly as the POS holds it (see `issues`). */
  phone: string | null;
  /** Lower-case when valid; otherwise exactly as the POS holds it (see `issues`). */
  email: string | null;
  customerType: PosCustomerType | null;
  medical: PosMedicalCard | null;
  idDocument: PosIdDocument | null;
  address: PosAddress | null;
  consents: PosConsents;
  loyaltyPoints: number | null;
  /** Vendor groups or segments, by name. */
  tags: string[];
  notes: string | null;
  banned: boolean | null;
}

/** Why a value read from the POS was dropped or kept unnormalized; sync flags these for data quality. */
export interface PosFieldIssue {
  /** Neutral field path, e.g. `phone`, `medical.expiresOn`. */
  field: string;
  /**
   * `placeholder`: a stand-in such as `N/A` or `1900-01-01`, read as missing. `unparseable`: kept as it
   * came or dropped. `not-kept`: the store's data profile does not keep the field (sync/links/profile-trim.ts).
   */
  problem: 'placeholder' | 'unparseable' | 'not-kept';
  raw: string;
}

export interface PosCustomer extends PosCustomerInput {
  /** The vendor's id, always as a string. */
  externalId: string;
  status: 'active' | 'inactive';
  /** Set when the POS merged this customer into another one. */
  mergedIntoExternalId: string | null;
  /** Customers the POS merged into this one. */
  mergedExternalIds: string[];
  /** ISO 8601 instants in UTC (`…Z`). */
  createdAt: string | null;
  updatedAt: string | null;
  lastVisitAt: string | null;
  issues: PosFieldIssue[];
}

/**
 * How far a pull has read. `since` is an ISO instant: records changed after it are wanted (`null`
 * reads everything). `resume` is a vendor paging token for continuing an interrupted pull from the
 * same `since`; `null` starts at the first page. Save it after every page.
 */
export interface PosCursor {
  since: string | null;
  resume: string | null;
}

/** Records read in one call: the good ones mapped, the ones that failed to parse kept raw. */
export interface PosBatch {
  customers: PosCustomer[];
  malformed: PosMalformed[];
}

export interface PosPage extends PosBatch {
  /** Where to continue. After the last page, `since` is the newest change seen and `resume` is `null`. */
  next: PosCursor;
  /** True on the last page of this pull. */
  done: boolean;
}

/**
 * Neutral names of `PosCustomerInput` fields, for saying which ones a vendor can hold. Nested parts
 * (`consents.sms`) are named where a vendor holds one part but not the other.
 */
export type PosField =
  | 'firstName'
  | 'middleName'
  | 'lastName'
  | 'preferredName'
  | 'dateOfBirth'
  | 'gender'
  | 'phone'
  | 'email'
  | 'customerType'
  | 'medical'
  | 'idDocument'
  | 'address'
  | 'consents.sms'
  | 'consents.email'
  | 'loyaltyPoints'
  | 'tags'
  | 'notes'
  | 'banned';

export interface PosCapabilities {
  /**
   * The fields this vendor holds and gives back as written, as its mapping round-trip test proves
   * (`<vendor>/mapping.test.ts`). Optional for compatibility: absent means "not declared", and sync
   * then treats only names, date of birth, phone and email as held.
   */
  fields?: readonly PosField[];
  /**
   * What this vendor's consent flags read as for a customer nobody asked: `null` when "unset" reads
   * as no value (a boolean is then someone's answer), or the boolean its flag holds by default (a
   * value equal to it on a first read cannot be told from "never asked", so it is no statement).
   * Optional for compatibility: absent is taken as `false`, the cautious reading.
   */
  unsetConsent?: boolean | null;
  findByPhone: boolean;
  findByEmail: boolean;
  deactivate: boolean;
  /**
   * `full-replace`: the vendor wipes omitted fields on update, so the client reads the record first
   * and writes back what Patron does not model. `merge`: the vendor keeps omitted fields.
   */
  update: 'full-replace' | 'merge';
}

export interface PosClient {
  readonly vendor: PosVendor;
  readonly capabilities: PosCapabilities;
  /** Proves the credentials work: authenticates and reads one page. Throws a `PosError` otherwise. */
  testConnection(): Promise<void>;
  /**
   * Customers changed after `cursor.since`, page by page within the vendor's rate limit. Records
   * may repeat across pulls; callers subtract a small overlap from `since` and tolerate repeats.
   */
  listChangedSince(cursor: PosCursor): AsyncIterable<PosPage>;
  /** @throws PosNotFound when the vendor has no such customer. */
  get(externalId: string): Promise<PosCustomer>;
  /** Present when `capabilities.findByPhone`. `phone` in E.164. */
  findByPhone?(phone: string): Promise<PosBatch>;
  /** Present when `capabilities.findByEmail`. */
  findByEmail?(email: string): Promise<PosBatch>;
  /** Not retried on ambiguous failures (no vendor offers idempotency keys): look up before retrying. */
  create(input: PosCustomerInput): Promise<PosCustomer>;
  /** `input` is the whole desired state of the fields Patron models. */
  update(externalId: string, input: PosCustomerInput): Promise<PosCustomer>;
  /** Present when `capabilities.deactivate`. */
  deactivate?(externalId: string): Promise<void>;
}

export type PosErrorKind =
  | 'auth_failed'
  | 'rate_limited'
  | 'not_found'
  | 'rejected'
  | 'unavailable'
  | 'malformed'
  | 'target_refused';

/**
 * Every failure of a POS call. Messages name the vendor and the route template (never filled-in
 * paths, bodies or credentials), so they are safe to log.
 */
export abstract class PosError extends Error {
  abstract readonly kind: PosErrorKind;
  /** Worth trying again later without changing anything. */
  abstract readonly transient: boolean;
  readonly vendor: PosVendor;
  constructor(vendor: PosVendor, message: string, options?: { cause?: unknown }) {
    super(`${vendor}: ${message}`, options);
    this.vendor = vendor;
    this.name = new.target.name;
  }
}

/** Wrong, expired or revoked credentials (after one token refresh, where the vendor has tokens). */
export class PosAuthFailed extends PosError {
  readonly kind = 'auth_failed';
  readonly transient = false;
}

export class PosRateLimited extends PosError {
  readonly kind = 'rate_limited';
  readonly transient = true;
  /** How long the vendor asked to wait, or our backoff estimate when it did not say. */
  readonly retryAfterMs: number;
  constructor(vendor: PosVendor, message: string, retryAfterMs: number) {
    super(vendor, message);
    this.retryAfterMs = retryAfterMs;
  }
}

export class PosNotFound extends PosError {
  readonly kind = 'not_found';
  readonly transient = false;
}

/** The vendor refused the data (validation, duplicates). Field paths are neutral `PosCustomer` paths. */
export class PosRejected extends PosError {
  readonly kind = 'rejected';
  readonly transient = false;
  readonly fieldErrors: FieldError[];
  /** The vendor said it already holds such a customer (a 409, or its own duplicate reason). */
  readonly alreadyExists: boolean;
  constructor(
    vendor: PosVendor,
    message: string,
    fieldErrors: FieldError[],
    options: { alreadyExists?: boolean } = {},
  ) {
    super(vendor, message);
    this.fieldErrors = fieldErrors;
    this.alreadyExists = options.alreadyExists ?? false;
  }
}

/** 5xx, timeouts, connection resets, an open circuit breaker. */
export class PosUnavailable extends PosError {
  readonly kind = 'unavailable';
  readonly transient = true;
  /** Set when we know how long to wait (e.g. an open circuit). */
  readonly retryAfterMs: number | null;
  constructor(vendor: PosVendor, message: string, options?: { cause?: unknown; retryAfterMs?: number }) {
    super(vendor, message, options);
    this.retryAfterMs = options?.retryAfterMs ?? null;
  }
}

/**
 * The integration's address (or its token endpoint's) is not an allowed outbound target
 * (src/egress/target-policy.ts): nothing was sent. Not transient: retrying reaches the same address.
 */
export class PosTargetRefused extends PosError {
  readonly kind = 'target_refused';
  readonly transient = false;
}

/** A response or record that does not have the vendor's shape. `raw` is kept for quarantine, never logged. */
export class PosMalformed extends PosError {
  readonly kind = 'malformed';
  readonly transient = false;
  readonly raw: unknown;
  /** The vendor id, when it could be read from the raw record. */
  readonly externalId: string | null;
  constructor(vendor: PosVendor, message: string, raw: unknown, externalId: string | null = null) {
    super(vendor, message);
    this.raw = raw;
    this.externalId = externalId;
  }
}

export function isPosError(error: unknown): error is PosError {
  return error instanceof PosError;
}
