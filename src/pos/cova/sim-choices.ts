/**
 * What the Cova simulator does where REFERENCE.md §3 leaves Cova's behaviour open, chosen here as
 * the most likely, in one place. The simulator files read these and decide nothing else.
 */
export const COVA_SIM_CHOICES = {
  /**
   * No published rate limit [3.6]. The help pages are mirrored on Azure API Management hosts
   * (`covaapim…westus.azure-api.net` [3.1]), so the limit is enforced the APIM way: per company,
   * 10 calls a second, 429 with APIM's JSON body and a `Retry-After`.
   */
  rateLimit: { limit: 10, intervalMs: 1000 },
  rateLimitedBody: (seconds: number | null) => ({
    statusCode: 429,
    message: seconds === null ? 'Rate limit is exceeded.' : `Rate limit is exceeded. Try again in ${seconds} seconds.`,
  }),
  /** "500 Server Errors are typically … a server-side timeout" [3.6]: ASP.NET Web API's generic 500 body. */
  serverError: { status: 500, body: { Message: 'An error has occurred.' } },
  /** A call without a valid bearer token: 401 with ASP.NET Web API's body (not documented). */
  unauthorized: { status: 401, body: { Message: 'Authorization has been denied for this request.' } },
  /** A token for one company used on another company's path: refused like a missing token, with 403. */
  wrongCompanyStatus: 403,
  /** Wrong user or client credentials at the token endpoint: 401 with the OAuth2 error fields [3.2]. */
  badCredentials: {
    status: 401,
    user: { error: 'invalid_grant', error_description: 'The user name or password is incorrect.' },
    client: { error: 'invalid_client', error_description: 'Client authentication failed.' },
  },
  /** Only the password grant is issued; a refresh-token grant is UNCONFIRMED [3.2] and refused. */
  unsupportedGrant: { status: 400, body: { error: 'unsupported_grant_type' } },
  /** 12 h tokens [3.2]. */
  tokenTtlMs: 43_200_000,
  /**
   * `CustomerFull?$filter=…` pages with `$skip`/`$top` and HAL links when asked with
   * `Accept: application/hal+json`, as the iQmetrix `Customers` list does [3.3, 3.5]; without it,
   * the answer is a bare array of every match ("returns all the Customers" [3.3]).
   */
  pagesOnlyWithHal: true,
  /** `$top` default 50, max 100; out-of-range values fall back to 100 [3.5]. */
  defaultTop: 50,
  maxTop: 100,
  /** The help-page title's `?LastModifiedDateUtc={date}` form is accepted beside `$filter` [3.3]. */
  acceptPlainDateParameter: true,
  /** An unreadable `$filter`: 400 with ASP.NET OData's message. */
  badFilter: { status: 400, body: { Message: 'The query specified in the URI is not valid.' } },
  /** Ordering is UNCONFIRMED [3.5]: by `LastModifiedDateUtc`, then `Id`, so offset paging is stable (else by `Id`). */
  orderByChangeThenId: true,
  /**
   * `LastModifiedDateUtc` written .NET style without offset and with milliseconds
   * (`2025-10-21T14:26:36.123`) [summary]; `DateOfBirth` as the date at midnight (`1952-07-23T00:00:00`).
   */
  writeUtcWithoutOffset: true,
  /** 404 body and content type from the Ruby gem's spec [3.6]. */
  notFound: { status: 404, body: { Message: 'Resource cannot be found' }, contentType: 'application/hal+json' },
  /**
   * Validation (not documented): ASP.NET `ModelState` 400s. Person customers need a first and last
   * name; addresses a `CountryCode` and contact methods a `ContactMethodTypeId` (both "required"
   * [3.4]); extensions a type Cova knows (types are created by Cova [3.4]).
   */
  requireNames: true,
  /** Duplicates are not refused: Cova only asks integrators to search first [3.3]. */
  refuseDuplicates: false,
  /** Search fields and operations (UNCONFIRMED [3.3, 7.4]): phone by digits, email ("Contact") without case. */
  searchFields: {
    phone: ['Phone', 'PhoneNumber'],
    email: ['Contact', 'Email', 'EmailAddress'],
    firstName: ['PrimaryName', 'FirstName'],
    lastName: ['FamilyName', 'LastName'],
  },
  searchOperations: ['Equals', 'Contains', 'StartsWith'],
  /** Delete disables [3.3]; the answer has no body. */
  deleteStatus: 204,
  /** A customer PUT without its `Id`, or with another one, is refused (the body must include `Id` [3.3]). */
  putNeedsMatchingId: true,
  /** Extension types this company has (created by Cova [3.4]); the names match what Patron's client writes. */
  extensionTypes: [
    { id: 1, name: 'ExternalCustomerId' },
    { id: 101, name: 'PatientType' },
    { id: 102, name: 'MedicalCardNumber' },
    { id: 103, name: 'MedicalCardExpiry' },
    { id: 104, name: 'MedicalCardState' },
    { id: 105, name: 'DriversLicenseNumber' },
    { id: 106, name: 'DriversLicenseExpiry' },
    { id: 107, name: 'DriversLicenseState' },
    { id: 108, name: 'LoyaltyPoints' },
  ],
} as const;
