/**
 * How the Cova client reads and writes what REFERENCE.md §3 leaves open. Every UNCONFIRMED point the
 * client (and its mapping) decides is decided here, once, liberally on read: it accepts each
 * variant the reference mentions, so it works against the real API and against fakes built from
 * the same public material. The simulator's own choices are in `COVA_SIM_CHOICES` (simulator.ts).
 */
export const COVA_CLIENT_CHOICES = {
  /**
   * Records are PascalCase [3.4]. A camelCase record (first letter lowered) is read too, by
   * upper-casing the first letter of every key that has no PascalCase twin (UNCONFIRMED variant).
   */
  readCamelCase: true,
  /**
   * Ids are GUID strings [3.3]; numbers are accepted and read as strings. `MergedCustomers` is
   * "GUID[]" [3.4]; objects carrying an `Id` are accepted as well.
   */
  idsMayBeNumbers: true,
  /**
   * `LastModifiedDateUtc` is .NET ISO, usually without an offset [summary, 3.4]; the synthesized
   * sample ends in `Z`. Both are read, and a time without offset is UTC (the field says so).
   */
  zoneLessTimesAreUtc: true,
  /**
   * Where the medical card, driver's licence, patient type and loyalty points live is UNCONFIRMED
   * [3.4, 7.4]: no first-class fields exist. They are read from `CustomerExtensions` by
   * `ExtensionType` name, comparing names without case, spaces, dashes or underscores, accepting
   * every alias below; the first name of each list is the one written.
   */
  extensionTypes: {
    patientType: ['PatientType', 'CustomerCategory', 'MedicalPatient', 'IsMedical'],
    medicalCardNumber: ['MedicalCardNumber', 'MedicalLicenseNumber', 'MedicalId', 'MmjId', 'MmjCardNumber'],
    medicalCardExpiry: [
      'MedicalCardExpiry',
      'MedicalCardExpiration',
      'MedicalCardExpirationDate',
      'MedicalLicenseExpiry',
    ],
    medicalCardState: ['MedicalCardState', 'MedicalCardProvince', 'MedicalLicenseState'],
    licenceNumber: ['DriversLicenseNumber', 'DriversLicense', 'DriverLicenseNumber', 'IdNumber', 'GovernmentId'],
    licenceExpiry: ['DriversLicenseExpiry', 'DriversLicenseExpiration', 'DriversLicenseExpirationDate', 'IdExpiry'],
    licenceState: ['DriversLicenseState', 'DriversLicenseProvince', 'IdState'],
    loyaltyPoints: ['LoyaltyPoints', 'LoyaltyBalance', 'PointsBalance'],
  },
  /** Values of the patient-type extension: adult-use is checked first, since "Non-Medical" names medical. */
  adultTypePattern: /non[\s-]?medical|recreational|adult|\brec\b|^(false|no|0)$/i,
  medicalTypePattern: /medic|patient|mmj|^(true|yes|1)$/i,
  /** Written values of the patient-type extension. */
  patientTypeValues: { adult: 'Recreational', medical: 'Medical' },
  /**
   * Phone and email are `ContactMethods` [3.4]. Category ids 1 Phone / 2 Email; the category name
   * is accepted when the id is missing. The one read is the `Default` one, else the first.
   * Written as the Ruby gem does: phone category 1 / type 3 (Mobile), email 2 / type 9 [3.4].
   */
  contactMethods: {
    phone: { categoryId: 1, categoryName: 'Phone', typeId: 3, typeName: 'Mobile' },
    email: { categoryId: 2, categoryName: 'Email', typeId: 9, typeName: 'Home' },
  },
  /** The value format of a written phone is undocumented; Cova's own sample stores `(306) 222-3333` [3.4]. */
  phoneWriteFormat: 'national',
  /**
   * `DoNotContact` defaults to true [3.4, 3.8], so `true` cannot be told apart from "never asked".
   * It is read as no consent (`false`) on both channels, never as "unknown": Patron must not market
   * to someone the POS says not to contact. With the customer contactable, each channel is its
   * contact method's own `DoNotContact` (`null` when there is no such contact method). Written:
   * the customer is contactable when either channel is consented.
   */
  doNotContactMeansNoConsent: true,
  /** `CountryCode` is required on an address [3.4]; Patron's address without a country is written as US. */
  defaultCountryCode: 'US',
  /** `StateCode` is ISO-3166-2 [3.4]: a `CA-SK`-style full code is read as its subdivision part. */
  stripCountryFromStateCode: true,
  /** The address read is the `Default` one, else Home (type 2), else the first [3.4]. Written as Home. */
  homeAddressTypeId: 2,
  /**
   * Search [3.3]: the allowed `Field`/`Operation` values were not retrieved. Cova's help page says
   * "search by Phone and Contact separately", read here as the field names. Results are matched
   * again on this side (normalized phone, lower-cased email), since the vendor's matching is unknown.
   */
  search: { phoneField: 'Phone', emailField: 'Contact', operation: 'Equals', phoneValue: 'national-digits' },
  /**
   * Does `CustomerFull?$filter=…` page? UNCONFIRMED [3.5]. The client asks for HAL with `$skip`/`$top`
   * (as the iQmetrix `Customers` list does) and reads: HAL `_embedded.self` (or any array under
   * `_embedded`), an OData `value` array, or a bare array ("returns all the Customers"). With HAL
   * links, the `next` link decides; without, a page shorter or longer than `$top` is the last, and a
   * page repeating the previous one's first id means `$skip` was ignored.
   */
  listEnvelopes: ['_embedded', 'value', 'Value', 'Results', 'Items'],
  /**
   * The OData literal as in Cova's example, `datetime'2019-01-01T00:00:00z'` [3.3, 3.8]: whole
   * seconds (fractions are not in the example) and this zone suffix.
   */
  filterZoneSuffix: 'z',
  /** `ge` is inclusive; one second more is re-read so a change in the cursor's own second is not missed. */
  changedSinceOverlapMs: 1_000,
  /** A full pull filters from here: the documented changed-since call always carries a `$filter` [3.3]. */
  beginning: '1970-01-01T00:00:00.000Z',
  /** No published rate limit [3.6]: 10 requests per second per company, and 429s are honoured. */
  rateLimit: { limit: 10, intervalMs: 1000 },
  /**
   * Update [3.3]: Cova documents no CustomerFull update; iQmetrix documents `PUT Customers({id})`
   * (full Customer body with `Id`) and `POST/PUT` on `Addresses` and `ContactMethods`. The same
   * pattern is assumed for `CustomerExtensions`, and `DELETE` on a child to clear it (UNCONFIRMED).
   */
  childDeleteAllowed: true,
  /** The credentials' `authUrl` may be only the accounts host: the token path is then added [3.2]. */
  defaultTokenPath: '/v1/oauth2/token',
  /** The credentials' `baseUrl` is the CRM base (`…/crm` [3.1]); one ending in `/v1` (iQmetrix style) gets no second `/v1`. */
  apiVersionSegment: '/v1',
} as const;
