/**
 * The Cova simulator's rules: body validation (ASP.NET `ModelState`), the OData changed-since
 * filter, and Search matching. Pure functions of a request and the store. Simulator only.
 */
import { isCalendarDate } from '../dates.ts';
import { COVA_SIM_CHOICES } from './sim-choices.ts';
import { type CovaSimRecord, extensionType, utcMillis } from './sim-record.ts';

type Body = Record<string, unknown>;
export type ModelState = Record<string, string[]>;

const blank = (value: unknown) => typeof value !== 'string' || value.trim() === '';
const list = (value: unknown): Body[] => (Array.isArray(value) ? (value as Body[]) : []);

function dateOfBirthState(value: unknown, state: ModelState): void {
  if (value === null || value === undefined || value === '') return;
  const text = String(value);
  if (!isCalendarDate(text.slice(0, 10)))
    state['customer.DateOfBirth'] = [`The value '${text}' is not valid for DateOfBirth.`];
}

export function addressState(address: Body, key: string, state: ModelState): void {
  // `CountryCode` is required [3.4].
  if (blank(address.CountryCode)) state[`${key}.CountryCode`] = ['The CountryCode field is required.'];
}

export function contactMethodState(method: Body, key: string, state: ModelState): void {
  // `ContactMethodTypeId` is required [3.4].
  if (method.ContactMethodTypeId === undefined || method.ContactMethodTypeId === null) {
    state[`${key}.ContactMethodTypeId`] = ['The ContactMethodTypeId field is required.'];
  }
  if (blank(method.Value)) state[`${key}.Value`] = ['The Value field is required.'];
}

export function extensionState(extension: Body, key: string, state: ModelState): void {
  // Extension types are created by Cova [3.4]: an unknown one is refused.
  if (!extensionType(extension)) state[`${key}.ExtensionType`] = ['The extension type does not exist.'];
}

/** `ModelState` of a create (`POST CustomerFull`) or `PUT Customers` body; `null` when valid. */
export function customerModelState(body: Body, withChildren: boolean): ModelState | null {
  const state: ModelState = {};
  const person = body.CustomerTypeId === undefined || Number(body.CustomerTypeId) === 2;
  if (COVA_SIM_CHOICES.requireNames && person) {
    if (blank(body.PrimaryName)) state['customer.PrimaryName'] = ['The PrimaryName field is required.'];
    if (blank(body.FamilyName)) state['customer.FamilyName'] = ['The FamilyName field is required.'];
  }
  dateOfBirthState(body.DateOfBirth, state);
  if (withChildren) {
    list(body.Addresses).forEach((a, i) => {
      addressState(a, `customer.Addresses[${i}]`, state);
    });
    list(body.ContactMethods).forEach((c, i) => {
      contactMethodState(c, `customer.ContactMethods[${i}]`, state);
    });
    list(body.CustomerExtensions).forEach((e, i) => {
      extensionState(e, `customer.CustomerExtensions[${i}]`, state);
    });
  }
  return Object.keys(state).length ? state : null;
}

export interface ChangedFilter {
  operator: 'ge' | 'gt' | 'le' | 'lt';
  at: number;
}

const FILTER = /^\s*LastModifiedDateUtc\s+(ge|gt|le|lt)\s+datetime'([^']+)'\s*$/i;
const LITERAL = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?)(z)?$/i;

/** `LastModifiedDateUtc ge datetime'2019-01-01T00:00:00z'` [3.3]; `z` optional, either case. Throws when unreadable. */
export function parseChangedFilter(filter: string): ChangedFilter {
  const match = FILTER.exec(filter);
  const literal = match?.[2] ? LITERAL.exec(match[2]) : null;
  if (!match || !literal?.[1]) throw new RangeError('unsupported filter');
  const at = utcMillis(literal[1]);
  if (Number.isNaN(at)) throw new RangeError('bad datetime');
  return { operator: match[1]?.toLowerCase() as ChangedFilter['operator'], at };
}

/** The plain `?LastModifiedDateUtc={date}` form of the help-page title [3.3], read as `ge`. */
export function plainDateFilter(value: string): ChangedFilter {
  const at = utcMillis(value.trim().replace(/z$/i, ''));
  if (Number.isNaN(at)) throw new RangeError('bad datetime');
  return { operator: 'ge', at };
}

export function passes(record: CovaSimRecord, filter: ChangedFilter | null): boolean {
  if (filter === null) return true;
  const at = utcMillis(record.LastModifiedDateUtc);
  return { ge: at >= filter.at, gt: at > filter.at, le: at <= filter.at, lt: at < filter.at }[filter.operator];
}

export function byChangeThenId(a: CovaSimRecord, b: CovaSimRecord): number {
  const byChange = COVA_SIM_CHOICES.orderByChangeThenId
    ? utcMillis(a.LastModifiedDateUtc) - utcMillis(b.LastModifiedDateUtc)
    : 0;
  return byChange || a.Id.localeCompare(b.Id);
}

type SearchField = keyof typeof COVA_SIM_CHOICES.searchFields;

export interface SearchCriterion {
  field: SearchField;
  operation: string;
  value: string;
}

/** Reads one `{Criteria, Field, Operation}` [3.3]; `null` when the field or operation is not supported. */
export function readCriterion(raw: Body): SearchCriterion | null {
  const fieldName = String(raw.Field ?? '').toLowerCase();
  const field = (Object.keys(COVA_SIM_CHOICES.searchFields) as SearchField[]).find((key) =>
    COVA_SIM_CHOICES.searchFields[key].some((name) => name.toLowerCase() === fieldName),
  );
  const operation = COVA_SIM_CHOICES.searchOperations.find(
    (op) => op.toLowerCase() === String(raw.Operation ?? 'Equals').toLowerCase(),
  );
  if (!field || !operation || typeof raw.Criteria !== 'string') return null;
  return { field, operation, value: raw.Criteria };
}

const nanp = (value: string) => value.replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '');

function compare(held: string, wanted: string, operation: string): boolean {
  if (operation === 'Contains') return held.includes(wanted);
  if (operation === 'StartsWith') return held.startsWith(wanted);
  return held === wanted;
}

function candidates(record: CovaSimRecord, field: SearchField): string[] {
  if (field === 'phone')
    return record.ContactMethods.filter((c) => c.ContactMethodCategoryId === 1).map((c) => nanp(c.Value));
  if (field === 'email') {
    return record.ContactMethods.filter((c) => c.ContactMethodCategoryId === 2).map((c) =>
      c.Value.trim().toLowerCase(),
    );
  }
  const name = field === 'firstName' ? record.PrimaryName : record.FamilyName;
  return name ? [name.trim().toLowerCase()] : [];
}

/** Whether a create body's phone or email is already on another customer (for `COVA_SIM_CHOICES.refuseDuplicates`). */
export function duplicatesSomeone(body: Body, records: CovaSimRecord[]): boolean {
  return list(body.ContactMethods).some((method) => {
    if (typeof method.Value !== 'string') return false;
    const field = Number(method.ContactMethodCategoryId) === 2 ? 'email' : 'phone';
    const criterion: SearchCriterion = { field, operation: 'Equals', value: method.Value };
    return records.some((record) => matchesAll(record, [criterion]));
  });
}

/** "All criteria must match" [3.3]; phones compared by their digits, everything else without case. */
export function matchesAll(record: CovaSimRecord, criteria: SearchCriterion[]): boolean {
  return criteria.every((criterion) => {
    const wanted = criterion.field === 'phone' ? nanp(criterion.value) : criterion.value.trim().toLowerCase();
    return (
      wanted !== '' && candidates(record, criterion.field).some((held) => compare(held, wanted, criterion.operation))
    );
  });
}
