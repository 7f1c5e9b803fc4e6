/**
 * How the Flowhub client reads and writes what REFERENCE.md §2 leaves open (UNCONFIRMED there).
 * Every such decision of `mapping.ts`, `names.ts` and `client.ts` is made here, once, and liberally:
 * each variant the reference mentions is accepted, so the client works against the real API and
 * against fakes built from the same public material. The simulator's own choices are in
 * `FLOWHUB_SIM_CHOICES` (simulator.ts).
 */
export const FLOWHUB_CLIENT_CHOICES = {
  /**
   * The list envelope is UNCONFIRMED [2.3, REFERENCE 7.3]: dashboards read `d.data || (Array.isArray(d) ? d : [])`,
   * v0 lists answer `{status, data:[…]}`, orders `{total, orders:[…]}`. A bare array, an object holding
   * the array under one of these keys, or a single customer object (the Swagger declares one model) are all read.
   */
  listEnvelopeKeys: ['data', 'customers', 'items', 'results'],
  /** The same keys may wrap one customer (get by id, phone lookup, create, update); a bare object is read too. */
  singleEnvelopeKeys: ['data', 'customer'],
  /** Ids are strings (UUIDs in fixtures) [2.4]; a number is accepted and read as its decimal string. */
  idAsNumberAllowed: true,
  /**
   * The documented maximum page size is UNCONFIRMED [2.5]; `page_size=500` is observed working.
   * The client asks for 500 by default.
   */
  defaultPageSize: 500,
  /**
   * A server that silently caps the page size would make "a short page is the last" lose records
   * [2.5]. So a page ends the pull only when it is empty, or shorter than the longest page already
   * seen in this pull, or when the envelope's `total` says everything was read. A pull that fits in
   * one page therefore costs one extra (empty) call.
   */
  stopOnShortPageOnlyAfterFullOne: true,
  /**
   * A page past the end may answer 404 rather than an empty list: read as "no more records". A 404
   * whose message says a date must be `yyyy-mm-dd` [2.5] is our mistake and is reported as Rejected.
   */
  listNotFoundEndsPull: true,
  /**
   * `updated_after` takes a date only, in the store's local time [2.5]; whether "after" includes that
   * day is UNCONFIRMED. The client sends the local day *before* the cursor's, so both readings return
   * every change since the cursor; the repeats this causes are tolerated by callers (port.ts).
   */
  updatedAfterDaysBack: 1,
  /** `order_by` sets the direction only [2.5]; `asc` so the newest change read is the last one. */
  orderBy: 'asc',
  /**
   * `createdAt`/`updatedAt` are ISO 8601 [2.4], `Z` in the fixture. A time without an offset is read as
   * UTC (a naive UTC timestamp printed without `Z`), not as store-local time.
   */
  zoneLessTimesAreUtc: true,
  /** `type` is `medCustomer`/`recCustomer` [2.4]; other spellings naming medical or recreational use are read too. */
  medicalTypePattern: /^\s*med/i,
  adultTypePattern: /^\s*(rec|adult)/i,
  /**
   * `medId`, `stateId` and their expirations are write-only in the model [2.4]; reads that do carry
   * them are used.
   */
  readWriteOnlyIds: true,
  /**
   * Groups are read as `{name}` but written as `{groupId}` [2.4]. A tag is written with the id its group
   * carried when read (`id` or `groupId`), else with the tag's own name as the id.
   */
  groupIdFallsBackToName: true,
  /**
   * Phone format is free text (`(555) 123-4567`) in the fixture, bare digits in a lookup example [2.8].
   * The client writes and looks up 10 national digits; anything else is sent as its digits.
   */
  phoneDigitsOnly: true,
  /**
   * Error bodies are undocumented [2.6]: the public client reads `errors[]` from 422s. Entries may be
   * strings (`"birthDate must be in format yyyy-mm-dd"`) or objects naming the field under one of these keys.
   */
  errorFieldKeys: ['field', 'path', 'param', 'name', 'loc'],
  errorMessageKeys: ['message', 'msg', 'error', 'detail'],
  /**
   * Update is `PUT` with "the same body as create" [2.3]: read as a full replacement (UNCONFIRMED), so
   * the client reads the record first and sends back what Patron does not model (`isLoyal`, unknown group ids).
   */
  updateIsFullReplace: true,
} as const;
