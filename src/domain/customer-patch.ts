/**
 * Edits as JSON merge patches (PATCH /customers/{id}, PATCH /me). The patch is checked for shape,
 * applied to the current customer, and the RESULT is validated like a new customer, so an edit
 * cannot produce a record a signup could not (a medical customer without a card, a customer with
 * neither phone nor email). Rules that need "today" apply only where the edit touched their fields.
 */
import { z } from 'zod';
import type { Today } from './calendar-date.ts';
import { CalendarDate } from './calendar-date.ts';
import { customerRuleViolations } from './customer-rules.ts';
import {
  addressShape,
  ConsentChoice,
  CUSTOMER_FIELDS,
  CUSTOMER_TYPES,
  type Customer,
  type CustomerField,
  CustomerInput,
  EmailInput,
  idDocumentShape,
  MAX_NOTES_LENGTH,
  medicalCardShape,
  type NewCustomer,
  PersonName,
  PhoneInput,
  TagsInput,
} from './customer-schema.ts';
import { REQUIRED_STAND_INS } from './customer-validation.ts';
import { ValidationFailed } from './errors.ts';
import { isMasked, maskSecret } from './masking.ts';
import { applyMergePatch, isJsonObject, type JsonObject } from './merge-patch.ts';
import { fieldErrorsOf, parseOrFail, problemsBeyond } from './validation-errors.ts';
import { readableMessage } from './validation-messages.ts';

/**
 * The body of an edit: every field optional, `null` removes an optional field, nested objects
 * merge field by field. A consent channel is replaced whole: a new choice must not inherit the
 * time and source of the old one.
 */
export const CustomerPatch = z
  .strictObject({
    firstName: PersonName.optional(),
    lastName: PersonName.optional(),
    preferredName: z.string().nullable().optional(),
    dateOfBirth: CalendarDate.optional(),
    phone: PhoneInput.nullable().optional(),
    email: EmailInput.nullable().optional(),
    customerType: z.enum(CUSTOMER_TYPES).optional(),
    medical: z.strictObject(medicalCardShape).partial().nullable().optional(),
    idDocument: z.strictObject(idDocumentShape).partial().nullable().optional(),
    address: z.strictObject(addressShape).partial().nullable().optional(),
    consents: z.strictObject({ sms: ConsentChoice.optional(), email: ConsentChoice.optional() }).optional(),
    tags: TagsInput.nullable().optional(),
    notes: z.string().max(MAX_NOTES_LENGTH, `must be at most ${MAX_NOTES_LENGTH} characters`).nullable().optional(),
    homeStoreId: z.uuid().nullable().optional(),
  })
  .meta({ id: 'CustomerPatch', description: 'JSON merge patch of customer fields (RFC 7396)' });

export type CustomerPatch = z.input<typeof CustomerPatch>;

const REPLACED_WHOLE = new Set(['consents.sms', 'consents.email']);

/** The client-settable fields of a stored customer, in the shape `CustomerInput` accepts. */
export function customerInputOf(customer: Customer): CustomerInput {
  return {
    firstName: customer.firstName,
    lastName: customer.lastName,
    preferredName: customer.preferredName,
    dateOfBirth: customer.dateOfBirth,
    phone: customer.phone,
    email: customer.email,
    customerType: customer.customerType,
    medical: customer.medical,
    idDocument: customer.idDocument,
    address: customer.address === null ? null : { ...customer.address, country: 'US' },
    consents: customer.consents,
    tags: customer.tags,
    notes: customer.notes,
    homeStoreId: customer.homeStoreId,
  };
}

export interface PatchedCustomer {
  /** The whole customer after the edit, validated and normalized. */
  customer: NewCustomer;
  /** Top-level fields whose value differs from before (for the audit log and the POS push). */
  changed: CustomerField[];
}

/**
 * Applies `patch` to `current` and validates the result on `today` (the store's calendar date).
 * Shape problems of the patch and the rule problems of the rest of it are refused together.
 */
export function applyCustomerPatch(current: Customer, patch: unknown, today: Today): PatchedCustomer {
  const edit = withoutEchoedMasks(patch, current);
  const shape = CustomerPatch.safeParse(edit, { error: readableMessage });
  if (!shape.success) {
    const beyond = problemsBeyond(edit, shape.error, (rest) => applyValidPatch(current, rest, today));
    throw new ValidationFailed([...fieldErrorsOf(shape.error), ...beyond]);
  }
  return applyValidPatch(current, edit, today);
}

/** `edit`: a patch whose shape is valid. */
function applyValidPatch(current: Customer, edit: unknown, today: Today): PatchedCustomer {
  parseOrFail(CustomerPatch, edit);
  const before = customerInputOf(current);
  const merged = applyMergePatch(before, edit, REPLACED_WHOLE);
  const customer = validateResult(merged as CustomerInput, before, edit);
  const changed = CUSTOMER_FIELDS.filter((field) => !sameValue(comparable(field, before), comparable(field, customer)));
  const violations = customerRuleViolations(customer, today, changed);
  if (violations.length > 0) throw new ValidationFailed(violations);
  return { customer, changed };
}

/**
 * The edited customer, validated. A field the edit did not touch keeps its value even when that value
 * would not pass today's checks: a record imported from a POS keeps what could not be normalized
 * (DESIGN "Real-world records"), and fixing its name must not require fixing its phone first.
 */
const STAND_INS = REQUIRED_STAND_INS;

function validateResult(merged: CustomerInput, before: CustomerInput, edit: unknown): NewCustomer {
  const touched = new Set(isJsonObject(edit) ? Object.keys(edit) : []);
  const untouchedInvalid = new Set<CustomerField>();
  const result = CustomerInput.safeParse(merged, { error: readableMessage });
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const field = issue.path[0];
    if (typeof field !== 'string' || touched.has(field)) return parseOrFail(CustomerInput, merged);
    untouchedInvalid.add(field as CustomerField);
  }
  // Validate the rest with those fields set aside (a required one stands in with a valid value),
  // then put their held values back as they are.
  const rest = { ...merged } as Record<string, unknown>;
  for (const field of untouchedInvalid) {
    if (field in STAND_INS) rest[field] = STAND_INS[field as keyof typeof STAND_INS];
    else delete rest[field];
  }
  const customer = parseOrFail(CustomerInput, rest) as Record<string, unknown>;
  for (const field of untouchedInvalid) customer[field] = before[field];
  return customer as NewCustomer;
}

/**
 * A staff form sends back the masked numbers it was shown (`••••5678`); those mean "unchanged", not
 * a new number, as long as they match the last 4 characters of the number held.
 */
function withoutEchoedMasks(patch: unknown, current: Customer): unknown {
  if (!isJsonObject(patch)) return patch;
  const result: JsonObject = { ...patch };
  const echoes = (sent: unknown, held: string | undefined) =>
    typeof sent === 'string' && held !== undefined && isMasked(sent) && sent === maskSecret(held);
  if (isJsonObject(patch.medical) && echoes(patch.medical.cardNumber, current.medical?.cardNumber)) {
    const { cardNumber: _, ...rest } = patch.medical;
    result.medical = rest;
  }
  if (isJsonObject(patch.idDocument) && echoes(patch.idDocument.number, current.idDocument?.number)) {
    const { number: _, ...rest } = patch.idDocument;
    result.idDocument = rest;
  }
  return result;
}

/** A field's value for change detection; consent wording goes to the ledger, not the record. */
function comparable(field: CustomerField, fields: CustomerInput | NewCustomer): unknown {
  const value = fields[field];
  if (field !== 'consents' || value === undefined) return value;
  const consents = value as NewCustomer['consents'];
  return {
    sms: { granted: consents.sms.granted, at: consents.sms.at, source: consents.sms.source },
    email: { granted: consents.email.granted, at: consents.email.at, source: consents.email.source },
  };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every((key) => sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
