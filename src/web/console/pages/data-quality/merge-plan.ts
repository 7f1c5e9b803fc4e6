/**
 * The side-by-side merge's logic: which fields differ, the default surviving value of each (the more
 * complete, else the newer record's), the default survivor (the more complete record: card, ID and
 * date of birth weigh most; a medical record is preferred), and the record the merge would leave.
 */

export interface MergeCustomer {
  id: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  dateOfBirth: string;
  phone: string | null;
  email: string | null;
  customerType: string;
  medical: { cardNumber: string; state: string; expiresOn: string } | null;
  idDocument: { type: string; number: string; state?: string | null; expiresOn?: string | null } | null;
  address: {
    line1?: string | null;
    line2?: string | null;
    city?: string | null;
    state?: string | null;
    postalCode?: string | null;
  } | null;
  notes: string | null;
  homeStoreId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The fields the server's merge may take from the source (POST /customers/{id}/merge `fields`). */
export const MERGE_FIELDS = [
  'firstName',
  'lastName',
  'preferredName',
  'dateOfBirth',
  'phone',
  'email',
  'customerType',
  'medical',
  'idDocument',
  'address',
  'notes',
  'homeStoreId',
] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

export const FIELD_LABELS: Record<MergeField, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  preferredName: 'Preferred name',
  dateOfBirth: 'Date of birth',
  phone: 'Phone',
  email: 'Email',
  customerType: 'Type',
  medical: 'Medical card',
  idDocument: 'ID document',
  address: 'Address',
  notes: 'Notes',
  homeStoreId: 'Home store',
};

export type Side = 'survivor' | 'source';

/** A field's value as one line of text ('' when empty). */
export function displayValue(customer: MergeCustomer, field: MergeField, storeName?: (id: string) => string): string {
  switch (field) {
    case 'medical':
      return customer.medical
        ? `${customer.medical.cardNumber} · ${customer.medical.state} · expires ${customer.medical.expiresOn}`
        : '';
    case 'idDocument':
      return customer.idDocument
        ? [customer.idDocument.type.replace('_', ' '), customer.idDocument.number, customer.idDocument.state]
            .filter(Boolean)
            .join(' · ')
        : '';
    case 'address': {
      const a = customer.address;
      return a ? [a.line1, a.line2, a.city, a.state, a.postalCode].filter(Boolean).join(', ') : '';
    }
    case 'homeStoreId':
      return customer.homeStoreId ? (storeName?.(customer.homeStoreId) ?? customer.homeStoreId) : '';
    default:
      return customer[field] ?? '';
  }
}

function weight(customer: MergeCustomer, field: MergeField): number {
  const value = displayValue(customer, field);
  return value === '' ? 0 : value.length;
}

export function differingFields(survivor: MergeCustomer, source: MergeCustomer): MergeField[] {
  return MERGE_FIELDS.filter((field) => displayValue(survivor, field) !== displayValue(source, field));
}

/**
 * The default side of a differing field: the side that has a value when the other has none (a
 * medical type when one is medical), else the newer record's (`updatedAt`), the survivor on a tie.
 */
export function defaultSide(survivor: MergeCustomer, source: MergeCustomer, field: MergeField): Side {
  if (field === 'customerType' || field === 'medical') {
    const medical = (c: MergeCustomer) => c.customerType === 'medical' && c.medical !== null;
    if (medical(survivor) !== medical(source)) return medical(source) ? 'source' : 'survivor';
  }
  const [s, o] = [weight(survivor, field), weight(source, field)];
  if (s === 0 && o > 0) return 'source';
  if (o === 0 && s > 0) return 'survivor';
  return source.updatedAt > survivor.updatedAt ? 'source' : 'survivor';
}

export function defaultChoices(survivor: MergeCustomer, source: MergeCustomer): Record<string, Side> {
  return Object.fromEntries(differingFields(survivor, source).map((f) => [f, defaultSide(survivor, source, f)]));
}

/** How complete a record is: card, ID and date of birth weigh most; medical is preferred. */
export function completeness(customer: MergeCustomer): number {
  let score = 0;
  if (customer.customerType === 'medical' && customer.medical) score += 5;
  if (customer.idDocument) score += 4;
  if (customer.dateOfBirth) score += 3;
  for (const field of ['phone', 'email', 'address', 'preferredName', 'notes', 'homeStoreId'] as const) {
    if (displayValue(customer, field) !== '') score += 1;
  }
  return score;
}

/** The default survivor of two: the more complete, the older record on a tie. */
export function defaultSurvivor(a: MergeCustomer, b: MergeCustomer): [MergeCustomer, MergeCustomer] {
  const [sa, sb] = [completeness(a), completeness(b)];
  if (sa !== sb) return sa > sb ? [a, b] : [b, a];
  return a.createdAt <= b.createdAt ? [a, b] : [b, a];
}

/** The merged record as it would be, and the `fields` to send (those taken from the source). */
export function mergePreview(
  survivor: MergeCustomer,
  source: MergeCustomer,
  choices: Record<string, Side>,
): { record: MergeCustomer; fields: MergeField[] } {
  const fields = differingFields(survivor, source).filter((f) => choices[f] === 'source');
  const record = { ...survivor } as Record<string, unknown>;
  for (const f of fields) record[f] = source[f];
  // A card is held for medical customers only.
  if (record.customerType !== 'medical') record.medical = null;
  return { record: record as unknown as MergeCustomer, fields };
}

export interface PosLink {
  storeId: string;
  vendor: string | null;
  externalId: string | null;
  status: string;
}

export interface LinkOutcome {
  storeId: string;
  vendor: string | null;
  from: Side;
  externalId: string | null;
  /** What happens to it. */
  outcome: 'stays' | 'moves to the survivor' | 'one kept, the other retired at the POS';
}

/** What each side's POS links become: the survivor's stay, the source's move; a store both had keeps one. */
export function linkOutcomes(survivorLinks: readonly PosLink[], sourceLinks: readonly PosLink[]): LinkOutcome[] {
  const shared = new Set(survivorLinks.map((l) => l.storeId).filter((s) => sourceLinks.some((o) => o.storeId === s)));
  const outcome = (l: PosLink, from: Side): LinkOutcome => ({
    storeId: l.storeId,
    vendor: l.vendor,
    from,
    externalId: l.externalId,
    outcome: shared.has(l.storeId)
      ? 'one kept, the other retired at the POS'
      : from === 'survivor'
        ? 'stays'
        : 'moves to the survivor',
  });
  return [...survivorLinks.map((l) => outcome(l, 'survivor')), ...sourceLinks.map((l) => outcome(l, 'source'))];
}
