/**
 * The edit form as data. Its fields are named by their API paths (`address.city`), so a 422's path
 * finds its field without a table, and the nested groups (medical card, ID document, address) become
 * nested objects of the JSON merge patch. Pure, so it is tested without a DOM.
 */
import type { CustomerRecord } from './customer-types.ts';
import type { FormValues } from './unsaved-input-merge.ts';

export const ID_TYPES = [
  ['drivers_license', "Driver's license"],
  ['state_id', 'State ID'],
  ['passport', 'Passport'],
  ['military_id', 'Military ID'],
  ['tribal_id', 'Tribal ID'],
] as const;

export interface EditField {
  name: string;
  label: string;
  /** `text` unless said. */
  kind?: 'date' | 'tel' | 'email' | 'textarea' | 'idType' | 'customerType' | 'store' | 'secret';
  /** An optional field emptied goes as null (removed); a required one goes empty, for the API to name. */
  optional?: boolean;
}

export interface EditSection {
  title: string;
  /** The API object the section's fields live in; null for top-level fields. */
  group: 'medical' | 'idDocument' | 'address' | null;
  fields: readonly EditField[];
}

export const EDIT_SECTIONS: readonly EditSection[] = [
  {
    title: 'Name and birth date',
    group: null,
    fields: [
      { name: 'firstName', label: 'First name' },
      { name: 'lastName', label: 'Last name' },
      { name: 'preferredName', label: 'Preferred name', optional: true },
      { name: 'dateOfBirth', label: 'Date of birth', kind: 'date' },
    ],
  },
  {
    title: 'Contact',
    group: null,
    fields: [
      { name: 'phone', label: 'Phone', kind: 'tel', optional: true },
      { name: 'email', label: 'Email', kind: 'email', optional: true },
    ],
  },
  {
    title: 'Customer type',
    group: null,
    fields: [{ name: 'customerType', label: 'Type', kind: 'customerType' }],
  },
  {
    title: 'Medical card',
    group: 'medical',
    fields: [
      { name: 'medical.cardNumber', label: 'Card number', kind: 'secret' },
      { name: 'medical.state', label: 'Issuing state' },
      { name: 'medical.expiresOn', label: 'Expires on', kind: 'date' },
    ],
  },
  {
    title: 'ID document',
    group: 'idDocument',
    fields: [
      { name: 'idDocument.type', label: 'Document type', kind: 'idType' },
      { name: 'idDocument.number', label: 'Document number', kind: 'secret' },
      { name: 'idDocument.state', label: 'Issuing state', optional: true },
      { name: 'idDocument.expiresOn', label: 'Expires on', kind: 'date', optional: true },
    ],
  },
  {
    title: 'Address',
    group: 'address',
    fields: [
      { name: 'address.line1', label: 'Street address' },
      { name: 'address.line2', label: 'Apartment, suite', optional: true },
      { name: 'address.city', label: 'City' },
      { name: 'address.state', label: 'State' },
      { name: 'address.postalCode', label: 'ZIP code' },
    ],
  },
  {
    title: 'Store and notes',
    group: null,
    fields: [
      { name: 'homeStoreId', label: 'Home store', kind: 'store', optional: true },
      { name: 'notes', label: 'Notes', kind: 'textarea', optional: true },
    ],
  },
];

export const EDIT_FIELDS: readonly EditField[] = EDIT_SECTIONS.flatMap((section) => section.fields);
const FIELD_BY_NAME = new Map(EDIT_FIELDS.map((field) => [field.name, field]));

export function labelOf(name: string): string {
  return FIELD_BY_NAME.get(name)?.label ?? name;
}

/** The group a field belongs to (`address.city` → `address`), or the field itself at the top level. */
export function groupOf(name: string): string {
  return name.split('.')[0] ?? name;
}

function valueAt(customer: CustomerRecord, name: string): string {
  let value: unknown = customer;
  for (const key of name.split('.')) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  return typeof value === 'string' ? value : '';
}

export function editValuesOf(customer: CustomerRecord): FormValues {
  return Object.fromEntries(EDIT_FIELDS.map(({ name }) => [name, valueAt(customer, name)]));
}

/**
 * The JSON merge patch of an edit: only what differs from the version the edit started from. A
 * group's changed fields go as a partial object (the server merges it into the held one); a group
 * emptied goes as null; an adult-use customer's card goes as null, since only medical customers hold
 * one. A masked number left as it was shown is not edited, so it is never sent back.
 */
export function editPatchOf(saved: FormValues, input: FormValues): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const same = (name: string) => (input[name] ?? '').trim() === (saved[name] ?? '').trim();
  for (const section of EDIT_SECTIONS) {
    const edited = section.fields.filter((field) => !same(field.name));
    if (edited.length === 0) continue;
    if (section.group === null) {
      for (const field of edited) patch[field.name] = valueToSend(field, input[field.name] ?? '');
      continue;
    }
    const emptied = section.fields.every((field) => (input[field.name] ?? '').trim() === '');
    if (emptied) {
      patch[section.group] = null;
      continue;
    }
    patch[section.group] = Object.fromEntries(
      edited.map((field) => [
        field.name.slice(section.group?.length ?? 0).slice(1),
        valueToSend(field, input[field.name] ?? ''),
      ]),
    );
  }
  if (input.customerType === 'adult' && saved.customerType !== 'adult' && hasAny(saved, 'medical')) {
    patch.medical = null;
  }
  return patch;
}

function valueToSend(field: EditField, typed: string): string | null {
  const value = typed.trim();
  return value === '' && field.optional ? null : value;
}

function hasAny(values: FormValues, group: string): boolean {
  return EDIT_FIELDS.some((field) => groupOf(field.name) === group && (values[field.name] ?? '') !== '');
}

/**
 * The form field an API path belongs to: the path itself, else its nearest parent; a group's own path
 * (`medical`, "is required for medical customers") goes to the group's first field. Null when the
 * form has no field for it (the form lists those above its buttons, so no message is lost).
 */
export function editFieldOfPath(path: string): string | null {
  const parts = path.split('.');
  for (let length = parts.length; length > 0; length--) {
    const prefix = parts.slice(0, length).join('.');
    if (FIELD_BY_NAME.has(prefix)) return prefix;
    const first = EDIT_FIELDS.find((field) => field.name.startsWith(`${prefix}.`));
    if (first) return first.name;
  }
  return null;
}
