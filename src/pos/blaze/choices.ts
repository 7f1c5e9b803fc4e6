/**
 * What the BLAZE client and mapping do where REFERENCE.md §5 says UNCONFIRMED, in one place. Reading
 * is liberal (accept every variant a public source shows); writing sends the one most likely form.
 * The simulator's own choices are in `BLAZE_SIM_CHOICES` (simulator.ts).
 */
export const BLAZE_CLIENT_CHOICES = {
  /**
   * Partner key header names [5.2]: current docs say `x-api-key`, older integrations `partner_key`.
   * Both are sent, so a server that knows only one of them still finds it.
   */
  partnerKeyHeaders: ['x-api-key', 'partner_key'],
  /** "Blaze doesn't respect 'start' … Only 'skip' works?" [5.5]: the offset goes out under both names. */
  offsetParams: ['skip', 'start'],
  /** Maximum `limit` is UNCONFIRMED [5.5]; integrators plan 500–1000. 200 stays well inside either. */
  defaultPageSize: 200,
  /** No published limit [5.6]: a cautious default, overridable per client. */
  defaultRateLimit: { limit: 10, intervalMs: 1000 },
  /** Whether the window is inclusive is UNCONFIRMED [5.3]: re-read one second before the cursor. */
  changedSinceOverlapMs: 1000,
  /** Create/update paths are guesses [5.3]: `POST /members` and `POST /members/{id}`. */
  updateMethod: 'POST',
  /** Phone field: `primaryPhone` [5.4]; one script reads `mobileNumber` (UNCONFIRMED), read as a fallback. */
  phoneFields: ['primaryPhone', 'mobileNumber'],
  /** Loyalty: `pointsBalance` is read by one script only (UNCONFIRMED) [5.4]; written back under that name. */
  loyaltyFields: ['pointsBalance'],
  /** `created` [5.4]; `createdDate` seen once (UNCONFIRMED), read as a fallback. */
  createdFields: ['created', 'createdDate'],
  /** `consumerType` values are truncated in the source [5.4]: anything naming "medic" is medical. */
  medicalConsumerType: /medic/i,
  adultConsumerType: /adult|recreational|rec\b/i,
  /** Written with `medical: true|false`; `AdultUse` is in the sample, the medical value is a guess. */
  consumerTypeOnWrite: { adult: 'AdultUse', medical: 'MedicinalState' },
  /** `status` values are UNCONFIRMED beyond "Active" [5.4]; these words (or `deleted: true`) read as inactive. */
  inactiveStatus: /inactive|deleted|disabled|archived|banned/i,
  /** Address sub-fields are UNCONFIRMED [5.4]: the sample's names first, then common alternatives. */
  addressLine1Fields: ['address', 'addressLine1', 'street'],
  postalCodeFields: ['zipCode', 'zip', 'postalCode'],
  /** Note objects carry their text under one of these names (shape UNCONFIRMED [5.4]); plain strings work too. */
  noteTextFields: ['message', 'note', 'text', 'body'],
  /**
   * Epoch 0 is what an unset Java `long` serializes to; for dates and times it is read as a
   * placeholder (like `1900-01-01`), not as 1970-01-01.
   */
  epochZeroIsPlaceholder: true,
  /** Error body shape UNCONFIRMED [5.6]: the text is read from the first of these that is a string. */
  errorMessageFields: ['message', 'errorMessage', 'error'],
  /** A 400 whose message says the member is missing is read as NotFound (404 is read so too). */
  notFoundMessage: /does not exist|not found|no such/i,
} as const;
