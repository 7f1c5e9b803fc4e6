/**
 * Jurisdiction data profiles (DESIGN "Privacy and security"): what a store may keep on a customer
 * depends on its state. A profile says, for adult-use and for medical customers, which customer
 * fields are kept, which only once the customer's authorization is recorded, and which never; and
 * whether personal data may go to third parties beyond what the sale needs. Pure rules, no I/O:
 * the customers service refuses a write carrying a field its store's profile does not keep (422),
 * the sync engine trims inbound POS records to the pulling store's profile before storing them.
 *
 * Always kept, under every profile: first and last name, date of birth, phone and email, and a
 * medical customer's card. A Patron record cannot exist without a name and date of birth (the age
 * rules and identity keys read them; every live row holds them) and a way to reach the person; the
 * card is what makes a customer medical. Each state below allows these for the sale itself (age
 * check, card verification) or for a customer who signs up of their own accord. Where a state reads
 * stricter than that (see OR and MA), the comment says so.
 *
 * The citations were checked against published statute and rule text where a section is named;
 * "section not confirmed" marks what could not be confirmed. This is engineering, not legal advice:
 * a dispensary's counsel should review the profile of each state it operates in.
 */

/** Customer fields a profile governs; the rest are always kept (see above). */
export const GOVERNED_FIELDS = ['idDocument', 'address', 'notes'] as const;
export type GovernedField = (typeof GOVERNED_FIELDS)[number];

/** Fields every profile keeps, listed so the profiles answer says so explicitly. */
export const ALWAYS_KEPT_FIELDS = ['firstName', 'lastName', 'dateOfBirth', 'phone', 'email', 'medical'] as const;

/** What a customer may authorize in writing to unlock fields a profile otherwise does not keep. */
export const AUTHORIZATION_KINDS = [
  /** South Dakota: a medical cardholder lets the establishment know more than the registry number. */
  'sd-medical-additional-data',
  /** A customer's voluntary written permission to keep personal data beyond what the sale needs. */
  'written-permission-additional-data',
] as const;
export type AuthorizationKind = (typeof AUTHORIZATION_KINDS)[number];

export type CustomerKind = 'adult' | 'medical';

export type FieldRule =
  | { keep: 'always' }
  | { keep: 'with-authorization'; authorization: AuthorizationKind; basis: string }
  | { keep: 'never'; basis: string };

export type FieldRules = Readonly<Record<GovernedField, FieldRule>>;

/**
 * `sale-only`: personal data goes to no third party beyond what the sale needs. In Patron that means:
 * the store's own POS is the sale's service provider (allowed); outbound webhooks carry ids only
 * (already so for every profile); anything that would hand personal data in bulk to someone else
 * (a marketing CSV export, a data partner) must check `mayShareBeyondSale` first.
 */
export type Sharing = 'sale-only' | 'unrestricted';

export const DATA_PROFILE_IDS = ['CO', 'OR', 'CA', 'SD', 'NV', 'MA', 'strict-default'] as const;
export type DataProfileId = (typeof DATA_PROFILE_IDS)[number];

export interface DataProfile {
  id: DataProfileId;
  name: string;
  adult: FieldRules;
  medical: FieldRules;
  sharing: Sharing;
  sharingBasis: string | null;
}

const ALWAYS: FieldRule = { keep: 'always' };

/** Every governed field kept, except the ones given. */
function rules(overrides: Partial<Record<GovernedField, FieldRule>> = {}): FieldRules {
  return { idDocument: ALWAYS, address: ALWAYS, notes: ALWAYS, ...overrides };
}

const never = (basis: string): FieldRule => ({ keep: 'never', basis });
const withAuthorization = (authorization: AuthorizationKind, basis: string): FieldRule => ({
  keep: 'with-authorization',
  authorization,
  basis,
});

/** Every governed field kept only once `authorization` is recorded, except the ones given. */
function onlyWith(
  authorization: AuthorizationKind,
  basis: string,
  overrides: Partial<Record<GovernedField, FieldRule>> = {},
): FieldRules {
  const rule = withAuthorization(authorization, basis);
  return rules({ idDocument: rule, address: rule, notes: rule, ...overrides });
}

/**
 * Colorado. Colo. Const. art. XVIII, § 16(5)(a)(VIII) (Amendment 64): a retail store need not acquire
 * or record personal information beyond what a liquor store takes in a sale, and a consumer need show
 * only a government ID for their age; 1 CCR 212-3 Rule 3-405 and Rule 6-930(A) (ID checked before
 * the transfer) under C.R.S. 44-10. The law permits more than it requires; this profile keeps to the
 * requirement: the ID is checked at the counter, not recorded. Medical stores must inspect the
 * registry card and ID and may keep patient records (Rule 3-405(A)): nothing is trimmed.
 */
const COLORADO: DataProfile = {
  id: 'CO',
  name: 'Colorado',
  adult: rules({
    idDocument: never(
      'Colorado adult-use stores check ID without recording it (Colo. Const. art. XVIII, § 16(5)(a)(VIII); 1 CCR 212-3 Rule 3-405)',
    ),
  }),
  medical: rules(),
  sharing: 'unrestricted',
  sharingBasis: null,
};

/**
 * Oregon. SB 863 (Or. Laws 2017, ch. 21; now in ORS chapter 475C, section not confirmed): a marijuana
 * retailer may not record, retain or transfer information taken from a consumer's passport, driver
 * license, military or other photo ID; it may keep a consumer's name and contact information for
 * marketing only with their consent. OAR 845-025-2820: the ID is viewed to verify age (21+). Hence
 * no ID document ever, and an address only with written permission. Doubtful, kept as a note: the
 * date of birth is on the ID too; Patron keeps it for every customer (see the header), so an Oregon
 * store should sign up only customers who chose to join. OMMP card numbers are reported to Metrc
 * for sales to patients, so the card is kept; the ID rule is applied to patients as well.
 */
const OREGON_ID =
  'Oregon retailers may not record or retain information from a customer’s ID (SB 863, 2017, ORS ch. 475C; OAR 845-025-2820)';
const OREGON_ADDRESS =
  'Oregon retailers keep personal details beyond name and contact only with the customer’s consent (SB 863, 2017, ORS ch. 475C)';
const OREGON_RULES = rules({
  idDocument: never(OREGON_ID),
  address: withAuthorization('written-permission-additional-data', OREGON_ADDRESS),
});
const OREGON: DataProfile = {
  id: 'OR',
  name: 'Oregon',
  adult: OREGON_RULES,
  medical: OREGON_RULES,
  sharing: 'unrestricted',
  sharingBasis: null,
};

/**
 * California. Bus. & Prof. Code § 26161.5 (AB 2402, 2018): a licensee may not disclose a consumer's
 * personal information to a third party except to process the payment or with the consumer's
 * consent, and may not refuse service to one who does not consent; software contractors that carry
 * out the transaction are not third parties. Medical marijuana ID cards count as medical information
 * under the CMIA (Civ. Code § 56 et seq.), and the CCPA (Civ. Code § 1798.100 et seq.) gives
 * consumers access and deletion rights (Patron's export and erasure). Storage is not restricted.
 */
const CALIFORNIA: DataProfile = {
  id: 'CA',
  name: 'California',
  adult: rules(),
  medical: rules(),
  sharing: 'sale-only',
  sharingBasis:
    'California licensees may not pass personal information to third parties beyond the payment without consent (Bus. & Prof. Code § 26161.5)',
};

/**
 * South Dakota. SDCL ch. 34-20G (Initiated Measure 26, 2020) and ARSD art. 44:90: a medical cannabis
 * establishment identifies a cardholder by the registry identification number on the card (SDCL
 * 34-20G-42 lists what the card holds, 34-20G-45 what the state's verification system tells an
 * establishment); more than that only with the cardholder's written authorization. The section
 * naming the establishment's duty was not confirmed here. South Dakota has no adult-use sales
 * (Amendment A, 2020, was struck down; IM 27, 2022, failed): adult customers follow the strict default.
 */
const SOUTH_DAKOTA_BASIS =
  'South Dakota medical establishments know a cardholder by registry number unless the cardholder authorizes more in writing (SDCL ch. 34-20G; ARSD 44:90)';
const STRICT_ADULT_BASIS =
  'the strict default keeps an ID document of no adult-use customer, and other personal details only with their written permission';
const STRICT_ADULT = onlyWith('written-permission-additional-data', STRICT_ADULT_BASIS, {
  idDocument: never(STRICT_ADULT_BASIS),
});
const SOUTH_DAKOTA: DataProfile = {
  id: 'SD',
  name: 'South Dakota',
  adult: STRICT_ADULT,
  medical: onlyWith('sd-medical-additional-data', SOUTH_DAKOTA_BASIS),
  sharing: 'sale-only',
  sharingBasis: 'South Dakota keeps cardholder information confidential (SDCL ch. 34-20G)',
};

/**
 * Nevada. NRS 678C.420: a medical cannabis dispensary keeps an electronic verification system with
 * each cardholder's card number, issue and expiry dates and the verification of their identity, and
 * must keep that personal identifying information encrypted, protected and not divulged for any
 * purpose not authorized by law (Patron encrypts card and ID numbers and masks them below manager).
 * NRS ch. 678B/678D and the Nevada Cannabis Compliance Regulations require an ID check for adult-use
 * sales; no rule against recording it was found (NCCR section not confirmed). Nothing is trimmed.
 */
const NEVADA: DataProfile = {
  id: 'NV',
  name: 'Nevada',
  adult: rules(),
  medical: rules(),
  sharing: 'unrestricted',
  sharingBasis: null,
};

/**
 * Massachusetts. 935 CMR 500.140(2)(c), under M.G.L. c. 94G, § 4(c)(3): a marijuana retailer may not
 * acquire or record consumer personal information beyond what a retail transaction typically needs
 * (which can include what determines the consumer's age), nor keep more without the consumer's
 * voluntary written permission. Doubtful, kept as a note: read strictly, phone and email are "more"
 * too; Patron keeps them for a customer who signs up of their own accord (see the header). Medical
 * treatment centers must inspect the patient's registration card and government ID (935 CMR
 * 501.140(2)) and keep patient records confidential (935 CMR 501, section not confirmed): nothing
 * is trimmed for medical customers.
 */
const MASSACHUSETTS_BASIS =
  'Massachusetts retailers keep personal information beyond the sale only with the consumer’s voluntary written permission (935 CMR 500.140(2)(c); M.G.L. c. 94G, § 4(c)(3))';
const MASSACHUSETTS: DataProfile = {
  id: 'MA',
  name: 'Massachusetts',
  adult: onlyWith('written-permission-additional-data', MASSACHUSETTS_BASIS),
  medical: rules(),
  sharing: 'unrestricted',
  sharingBasis: null,
};

/**
 * For a store in a state without its own profile, or without an address: the least any profile
 * keeps. No ID document (the ID is checked at the counter, not kept); address and notes only with
 * the customer's written permission; nothing shared beyond the sale.
 */
const STRICT_MEDICAL_BASIS =
  'the strict default keeps no ID document of a medical customer, and other details beyond the card only with their written permission';
const STRICT_DEFAULT: DataProfile = {
  id: 'strict-default',
  name: 'strict default',
  adult: STRICT_ADULT,
  medical: onlyWith('written-permission-additional-data', STRICT_MEDICAL_BASIS, {
    idDocument: never(STRICT_MEDICAL_BASIS),
  }),
  sharing: 'sale-only',
  sharingBasis: 'the strict default shares nothing beyond what the sale needs',
};

export const DATA_PROFILES: Readonly<Record<DataProfileId, DataProfile>> = {
  CO: COLORADO,
  OR: OREGON,
  CA: CALIFORNIA,
  SD: SOUTH_DAKOTA,
  NV: NEVADA,
  MA: MASSACHUSETTS,
  'strict-default': STRICT_DEFAULT,
};

export function isDataProfileId(value: unknown): value is DataProfileId {
  return typeof value === 'string' && (DATA_PROFILE_IDS as readonly string[]).includes(value);
}

export function dataProfile(id: DataProfileId): DataProfile {
  return DATA_PROFILES[id];
}

/** The profile of a store in `state` (a USPS code): that state's, or the strict default. */
export function profileForState(state: string | null | undefined): DataProfile {
  const code = state?.trim().toUpperCase();
  return code && code !== 'STRICT-DEFAULT' && isDataProfileId(code) ? DATA_PROFILES[code] : STRICT_DEFAULT;
}

export function mayShareBeyondSale(profile: DataProfile): boolean {
  return profile.sharing === 'unrestricted';
}

export interface DroppedField {
  field: GovernedField;
  rule: Exclude<FieldRule, { keep: 'always' }>;
}

type Governed = { [K in GovernedField]?: unknown };

/**
 * `record` with every governed field the profile does not keep (for this kind of customer, given the
 * authorizations recorded) set to null, and which fields that dropped. A field already null or absent
 * is never "dropped": removing data is always allowed.
 */
export function trimToProfile<T extends Governed>(
  profile: DataProfile,
  customerType: CustomerKind,
  record: T,
  authorized: ReadonlySet<AuthorizationKind> = new Set(),
): { kept: T; dropped: DroppedField[] } {
  const kept = { ...record };
  const dropped: DroppedField[] = [];
  for (const field of GOVERNED_FIELDS) {
    if (record[field] === null || record[field] === undefined) continue;
    const rule = profile[customerType][field];
    if (rule.keep === 'always') continue;
    if (rule.keep === 'with-authorization' && authorized.has(rule.authorization)) continue;
    (kept as Governed)[field] = null;
    dropped.push({ field, rule });
  }
  return { kept, dropped };
}

/** Why a field cannot be stored, written for the person who sent it (the 422's message). */
export function droppedFieldMessage(profile: DataProfile, customerType: CustomerKind, dropped: DroppedField): string {
  const who = customerType === 'adult' ? 'adult-use' : 'medical';
  const where = `at a store following the ${profile.name} data profile`;
  if (dropped.rule.keep === 'never') {
    return `is not stored for ${who} customers ${where}: ${dropped.rule.basis}; leave it out`;
  }
  return (
    `is stored for ${who} customers ${where} only once the customer's authorization ` +
    `"${dropped.rule.authorization}" is recorded (POST /customers/{id}/authorizations): ${dropped.rule.basis}`
  );
}
