/**
 * The Flowhub simulator's customer table row: the read model of REFERENCE.md §2.4 plus the
 * write-only ID fields, made from a fake person or from a create/update body, and read or edited
 * in neutral field names (`customerOf`, `editCustomer`). Simulator only.
 */
import { isCalendarDate } from '../dates.ts';
import type { FakePerson } from '../simulator-kit/fake-people.ts';
import type { NeutralFields } from '../simulator-kit/neutral-changes.ts';
import type { SimCustomer } from '../simulator-kit/simulator-types.ts';

export interface FlowhubSimRecord {
  id: string;
  createdAt: string;
  updatedAt: string;
  type: string;
  name: string | null;
  state: string | null;
  birthDate: string | null;
  isLoyal: boolean;
  loyaltyPoints: number;
  phone: string | null;
  email: string | null;
  streetAddress1: string | null;
  streetAddress2: string | null;
  city: string | null;
  zip: string | null;
  country: string;
  consentsToPromotionalEmail: boolean;
  consentsToPromotionalSMS: boolean;
  groups: { name: string }[];
  /** Write-only [2.4]: kept, never served (see `servedRecord`). */
  medId?: string | null;
  medIdExpiration?: string | null;
  stateId?: string | null;
  stateIdExpiration?: string | null;
}

/** Fields the read model does not carry [2.4]. */
export const WRITE_ONLY_FIELDS = ['medId', 'medIdExpiration', 'stateId', 'stateIdExpiration'] as const;

/** Ids are UUID strings in the fixtures [2.4]; the simulator derives one from its sequence number. */
export function flowhubSimId(sequence: number): string {
  return `a7bbef36-7aed-4346-84f6-${sequence.toString(16).padStart(12, '0')}`;
}

/** `2023-06-15T22:57:35.836575Z`: microseconds and `Z`, as in the fixture [2.4]. */
export function flowhubTimestamp(instant: Date): string {
  return instant.toISOString().replace(/Z$/, '000Z');
}

/** `(555) 123-4567`, as the fixture writes phones [2.8]; anything not 10 digits is kept as typed. */
function formattedPhone(phone: string | null): string | null {
  const match = phone ? /^(\d{3})(\d{3})(\d{4})$/.exec(phone) : null;
  return match ? `(${match[1]}) ${match[2]}-${match[3]}` : phone;
}

export function recordFromPerson(person: FakePerson, sequence: number, homeState: string): FlowhubSimRecord {
  const middle = person.middleName ? ` ${person.middleName}` : '';
  return {
    id: flowhubSimId(sequence),
    createdAt: flowhubTimestamp(person.createdAt),
    updatedAt: flowhubTimestamp(person.updatedAt),
    type: person.customerType === 'medical' ? 'medCustomer' : 'recCustomer',
    // One field for the whole name, typed at the till with its stray spaces and capitals [2.4].
    name: `${person.firstName}${middle} ${person.lastName}`,
    state: person.address?.state ?? person.driversLicense?.state ?? person.medicalCard?.state ?? homeState,
    birthDate: person.dateOfBirth,
    isLoyal: person.loyaltyPoints > 0,
    loyaltyPoints: person.loyaltyPoints,
    phone: formattedPhone(person.phone),
    email: person.email,
    streetAddress1: person.address?.line1 ?? null,
    streetAddress2: person.address?.line2 ?? null,
    city: person.address?.city ?? null,
    zip: person.address?.postalCode ?? null,
    country: 'US',
    consentsToPromotionalEmail: person.emailOptIn ?? false,
    consentsToPromotionalSMS: person.smsOptIn ?? false,
    groups: person.tags.map((name) => ({ name })),
    medId: person.medicalCard?.number ?? null,
    medIdExpiration: person.medicalCard?.expiresOn ?? null,
    stateId: person.driversLicense?.number ?? null,
    stateIdExpiration: person.driversLicense?.expiresOn ?? null,
  };
}

/** The one name field read as first, middle and last word(s) [2.4], as `recordFromPerson` joins them. */
function nameParts(name: string | null): { first: string; middle: string | null; last: string } {
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length < 2) return { first: words[0] ?? '', middle: null, last: '' };
  return { first: words[0]!, middle: words.slice(1, -1).join(' ') || null, last: words.at(-1)! };
}

function joinedName(parts: { first: string; middle: string | null; last: string }): string {
  return [parts.first, parts.middle, parts.last].filter(Boolean).join(' ');
}

/** A Flowhub record in neutral field names (`customerOf`); Flowhub has no deactivation: always active. */
export function customerFromRecord(record: FlowhubSimRecord): SimCustomer {
  const { first, middle, last } = nameParts(record.name);
  return {
    status: 'active',
    firstName: first,
    middleName: middle,
    lastName: last,
    dateOfBirth: record.birthDate ?? '',
    // One `state` for the customer [2.4]: the address's when there is one.
    address:
      record.streetAddress1 === null
        ? null
        : {
            line1: record.streetAddress1,
            line2: record.streetAddress2,
            city: record.city ?? '',
            state: record.state ?? '',
            postalCode: record.zip ?? '',
          },
    phone: record.phone,
    email: record.email,
    customerType: record.type === 'medCustomer' ? 'medical' : 'adult',
    loyaltyPoints: record.loyaltyPoints,
    tags: record.groups.map((group) => group.name),
  };
}

/** Neutral edits in Flowhub's fields, written as `recordFromPerson` writes them (one name field). */
export const FLOWHUB_FIELDS: Partial<NeutralFields<FlowhubSimRecord>> = {
  firstName: (value, record) => ({ name: joinedName({ ...nameParts(record.name), first: value }) }),
  middleName: (value, record) => ({ name: joinedName({ ...nameParts(record.name), middle: value }) }),
  lastName: (value, record) => ({ name: joinedName({ ...nameParts(record.name), last: value }) }),
  dateOfBirth: (value) => ({ birthDate: value }),
  phone: (value) => ({ phone: formattedPhone(value) }),
  email: (value) => ({ email: value }),
  tags: (value) => ({ groups: value.map((name) => ({ name })) }),
};

type WriteBody = Record<string, unknown>;
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** A group written by id, named from the back office's groups; an id it does not know names itself. */
export type GroupNames = (groupId: string) => string;

/**
 * What Flowhub stores for a create or update body (`CustomerWriteParams` [2.4]). An update sends the
 * same body as a create and is read as a full replacement: what the body leaves out is cleared.
 */
export function recordFromWrite(
  body: WriteBody,
  id: string,
  now: Date,
  groupName: GroupNames,
  previous?: FlowhubSimRecord,
): FlowhubSimRecord {
  const groups = Array.isArray(body.groups) ? (body.groups as WriteBody[]) : [];
  const date = (value: unknown) => {
    const text = str(value);
    return text && isCalendarDate(text) ? text : null;
  };
  return {
    id,
    createdAt: previous?.createdAt ?? flowhubTimestamp(now),
    updatedAt: flowhubTimestamp(now),
    type: str(body.type) ?? 'recCustomer',
    name: str(body.name),
    state: str(body.state),
    birthDate: str(body.birthDate),
    isLoyal: body.isLoyal === true,
    loyaltyPoints: typeof body.loyaltyPoints === 'number' ? body.loyaltyPoints : 0,
    phone: str(body.phone),
    email: str(body.email),
    streetAddress1: str(body.streetAddress1),
    streetAddress2: str(body.streetAddress2),
    city: str(body.city),
    zip: str(body.zip),
    country: 'US',
    consentsToPromotionalEmail: body.consentsToPromotionalEmail === true,
    consentsToPromotionalSMS: body.consentsToPromotionalSMS === true,
    groups: groups
      .map((group) => group.groupId)
      .filter((groupId): groupId is string | number => typeof groupId === 'string' || typeof groupId === 'number')
      .map((groupId) => ({ name: groupName(String(groupId)) })),
    medId: str(body.medId),
    medIdExpiration: date(body.medIdExpiration),
    stateId: str(body.stateId),
    stateIdExpiration: date(body.stateIdExpiration),
  };
}

/** The record as the read API shows it [2.4]: without the write-only fields. */
export function servedRecord(record: unknown): unknown {
  if (!record || typeof record !== 'object' || Array.isArray(record)) return record;
  const copy: Record<string, unknown> = { ...record };
  for (const field of WRITE_ONLY_FIELDS) delete copy[field];
  return copy;
}
