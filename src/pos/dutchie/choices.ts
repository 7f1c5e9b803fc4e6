/**
 * How the Dutchie client reads what REFERENCE.md §4 leaves open. Every UNCONFIRMED point the client
 * decides is decided here, once, liberally: it accepts each variant the reference mentions, so it
 * works against the real API and against fakes built from the same public material.
 */
export const DUTCHIE_CLIENT_CHOICES = {
  /**
   * The id is `customerId` everywhere except the docs' pagination example, which spells it
   * `customerID` [4.4]; whoami is PascalCase [4.2], so a PascalCase record is read too. Ids are
   * integers [4.4]; a string of digits is accepted.
   */
  idFields: ['customerId', 'customerID', 'CustomerId', 'CustomerID'],
  /** Keys of a PascalCase record are read as their camelCase names (first letter lowered). */
  readPascalCase: true,
  /**
   * `lastModifiedDateUTC` is ISO 8601 UTC, usually written without `Z` [4.4]; a LeafLogix-era
   * pipeline read `%m/%d/%Y %H:%M:%S` [4.8]. Both are read, and a time without offset is UTC
   * (the cross-vendor summary: "ISO 8601 UTC"). UNCONFIRMED for `creationDate` and
   * `lastTransactionDate`, which carry no `UTC` in their names: read as UTC too.
   */
  zoneLessTimesAreUtc: true,
  /** `customerType` is configured per dispensary [4.8]: anything naming medical use is medical. */
  medicalTypePattern: /medic|patient|mmj/i,
  adultTypePattern: /recreation|adult|\brec\b/i,
  /** Customer lists are a bare array [4.3]; an object wrapping the array under one of these is accepted too. */
  listEnvelopeKeys: ['items', 'data', 'customers', 'Items', 'Data', 'Customers'],
  /**
   * `customerLookup` answers one customer object [4.3]. No match is undocumented: a 404, an empty
   * body, `null`, `{}` or `[]` all read as "nobody"; an array is read as several matches.
   */
  lookupNoMatchStatuses: [404, 204],
  /**
   * There is no get-by-id route [4.3]: `get` reads `GET /customer/customers` (the whole list, one
   * call, no paging) and picks the id. Called without `fromLastModifiedDateUTC`, read as "all".
   */
  getReadsFullList: true,
  /** The create/update answer is UNCONFIRMED [4.3]: a customer object, a bare id, `{customerId}` or nothing. */
  writeAnswerMayBeIdOnly: true,
  /**
   * "Stop when a page is shorter than PageSize" [4.5]. A page longer than asked means the server
   * ignored paging ("or none" [summary]) and sent everything: also the last page.
   */
  longerPageIsEverything: true,
  /** A page with exactly the ids of the one before means `PageNumber` was ignored: the pull ends there. */
  repeatedPageEnds: true,
  /** The docs' 60-second backward buffer for incremental sync, second-hand [4.8]. */
  changedSinceOverlapMs: 60_000,
  /** Loyalty is not on the customer [4.4]: one snapshot serves a minute of reads (data lags 1-5 min anyway [4.1]). */
  loyaltySnapshotTtlMs: 60_000,
} as const;
