/**
 * The sync tests' own judgement of "this POS record holds what Patron holds", written apart from
 * the engine's `holds()` (src/sync/links/synced-fields.ts) so that the oracle does not share its blind
 * spots. Per vendor, the fields it holds and the parts REFERENCE.md documents it has no field for
 * are written out here; every other part Patron holds must read back equal. A part read back as
 * `null` where Patron holds a value is a divergence, unless listed as not held below.
 */
import type { CustomerRow } from '../../src/customers/customer-record.ts';
import type { PosCustomer, PosVendor } from '../../src/pos/port.ts';
import type { FieldProtector } from '../../src/privacy/field-protector.ts';

type Merged = 'firstName' | 'lastName' | 'preferredName' | 'dateOfBirth' | 'phone' | 'email' | 'notes';
type Carried = 'customerType' | 'medical' | 'idDocument' | 'address' | 'consents.sms' | 'consents.email' | 'tags';
export type HeldField = Merged | Carried;

interface VendorHolds {
  fields: readonly HeldField[];
  /** Parts of carried fields the vendor has no field for, as `field.part`. */
  notHeld: readonly string[];
}

const NAMES_AND_CONTACT = ['firstName', 'lastName', 'dateOfBirth', 'phone', 'email'] as const;

export const VENDOR_HOLDS: Record<PosVendor, VendorHolds> = {
  // [REFERENCE 1.4] nickname, notes, patient_type, state_medical_id + permit_expiration (no card
  // state), drivers_license + expiration (no licence state or document type), addresses[] without a
  // country, one `opt_out` marketing flag (held as SMS consent), customer_groups.
  treez: {
    fields: [
      ...NAMES_AND_CONTACT,
      'preferredName',
      'notes',
      'customerType',
      'medical',
      'idDocument',
      'address',
      'consents.sms',
      'tags',
    ],
    notHeld: ['medical.state', 'idDocument.type', 'idDocument.state', 'address.country'],
  },
  // [REFERENCE 2.4] no notes or nickname; medId/stateId are write-only (not compared); address with
  // streetAddress1/2, city, state, zip, country; both promotional consents; groups.
  flowhub: {
    fields: [...NAMES_AND_CONTACT, 'customerType', 'address', 'consents.sms', 'consents.email', 'tags'],
    notHeld: [],
  },
  // [REFERENCE 3.4] AlternateName, notes, Addresses[] with every part (CountryCode required),
  // ContactMethods' consent, medical and ID through CustomerExtensions (UNCONFIRMED types: the
  // client keeps every part).
  cova: {
    fields: [
      ...NAMES_AND_CONTACT,
      'preferredName',
      'notes',
      'customerType',
      'medical',
      'idDocument',
      'address',
      'consents.sms',
      'consents.email',
    ],
    notHeld: [],
  },
  // [REFERENCE 4.4] notes, customerType, mmjidNumber + mmjidExpirationDate (no card state), address1/2,
  // city, state, postalCode (no country); the licence number reads back as a hash (not compared).
  dutchie: {
    fields: [...NAMES_AND_CONTACT, 'notes', 'customerType', 'medical', 'address'],
    notHeld: ['medical.state', 'address.country'],
  },
  // [REFERENCE 5.4] notes, recNo + recExpiration (no card state), dlNo/dlExpiration/dlState (no
  // document type), one `address` line with city, state, zipCode, country; textOptIn, emailOptIn.
  blaze: {
    fields: [
      ...NAMES_AND_CONTACT,
      'notes',
      'customerType',
      'medical',
      'idDocument',
      'address',
      'consents.sms',
      'consents.email',
    ],
    notHeld: ['medical.state', 'idDocument.type', 'address.line2'],
  },
};

type Parts = Record<string, string | null | undefined>;

const blankAsNull = (value: string | null | undefined) => (value === undefined || value === '' ? null : value);

/** Tag names compared as a person reads them: case, accents and punctuation aside. */
const tagKey = (tag: string) =>
  tag
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');

/** "No date" in Patron (a required column) is this placeholder; a POS reads it back as null. */
const NO_DATE = /^(1900-|0001-|1899-12-31)/;

/**
 * Where the POS record does not hold what Patron holds, one line per field part:
 * `field[.part]: patron=… pos=…`. Empty when it holds everything.
 */
export function heldDifferences(
  vendor: PosVendor,
  row: CustomerRow,
  pos: PosCustomer,
  protector: FieldProtector,
): string[] {
  const { fields, notHeld } = VENDOR_HOLDS[vendor];
  const out: string[] = [];
  const differ = (what: string, local: unknown, remote: unknown) =>
    out.push(`${what}: patron=${JSON.stringify(local)} pos=${JSON.stringify(remote ?? null)}`);
  const compareParts = (field: string, local: Parts, remote: Parts | null) => {
    for (const [part, value] of Object.entries(local)) {
      const want = blankAsNull(value);
      if (want === null || notHeld.includes(`${field}.${part}`)) continue;
      const got = blankAsNull(remote?.[part]);
      if (got !== want) differ(`${field}.${part}`, want, got);
    }
  };

  for (const field of fields) {
    switch (field) {
      case 'customerType':
        if (pos.customerType !== row.customerType) differ(field, row.customerType, pos.customerType);
        break;
      case 'medical':
        if (row.medicalCardNumberEnc) {
          const local = {
            cardNumber: protector.decrypt('medicalCardNumber', row.medicalCardNumberEnc),
            state: row.medicalState,
            expiresOn: row.medicalExpiresOn,
          };
          compareParts(field, local, pos.medical as Parts | null);
        }
        break;
      case 'idDocument':
        if (row.idDocumentNumberEnc) {
          const local = {
            type: row.idDocumentType,
            number: protector.decrypt('idNumber', row.idDocumentNumberEnc),
            state: row.idDocumentState,
            expiresOn: row.idDocumentExpiresOn,
          };
          compareParts(field, local, pos.idDocument as Parts | null);
        }
        break;
      case 'address':
        if (row.address) compareParts(field, { ...row.address } as Parts, pos.address as Parts | null);
        break;
      case 'consents.sms':
      case 'consents.email': {
        const channel = field === 'consents.sms' ? 'sms' : 'email';
        const state = row.consents[channel];
        // Never stated in Patron: nothing to hold.
        if (state.source !== null && pos.consents[channel] !== state.granted) {
          differ(field, state.granted, pos.consents[channel]);
        }
        break;
      }
      case 'tags': {
        const held = new Set(pos.tags.map(tagKey));
        const missing = row.tags.filter((tag) => tagKey(tag) !== '' && !held.has(tagKey(tag)));
        if (missing.length > 0) differ(field, row.tags, pos.tags);
        break;
      }
      case 'dateOfBirth':
        if (NO_DATE.test(row.dateOfBirth ?? '') ? pos.dateOfBirth !== null : pos.dateOfBirth !== row.dateOfBirth) {
          differ(field, row.dateOfBirth, pos.dateOfBirth);
        }
        break;
      default: {
        const local = blankAsNull(row[field]);
        const remote = blankAsNull(pos[field]);
        if (local !== remote) differ(field, local, remote);
      }
    }
  }
  return out;
}
