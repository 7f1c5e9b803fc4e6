/**
 * Synthetic customers for demos, tests and benchmarks: realistic enough that search and identity
 * rules behave as on real data (common surnames repeat, accented and hyphenated names, ages 21 to 80,
 * about one in ten medical with a card), and deterministic: customer number `position` of seed `seed`
 * is always the same person, so a benchmark can draw any customer again without storing them.
 *
 * Identity values (phone, email, ID and card numbers) come from `position` alone through bijections,
 * so distinct positions never collide on a unique index whatever the seed; the seed varies the rest.
 */
import type { NewCustomer } from '../domain/customer-schema.ts';
import {
  EMAIL_DOMAINS,
  FIRST_NAMES,
  LOCALITIES,
  NICKNAMES,
  NOTES,
  STREETS,
  SURNAMES,
  TAGS,
} from './synthetic-names.ts';

export interface SyntheticOptions {
  seed: number;
  /** The calendar date ages and card expiries are relative to (YYYY-MM-DD). */
  today: string;
  /** Stores a customer may call home; none leaves `homeStoreId` null. */
  storeIds: readonly string[];
}

export interface SyntheticCustomer {
  customer: NewCustomer;
  /** When the customer signed up (after turning 21) and last changed, both before `today`. */
  createdAt: Date;
  updatedAt: Date;
}

// Real area codes of the demo's localities. Exchanges skip N11 (service codes), 555 (directory and
// fiction) and 976 (premium), so every number is one a person could plausibly have.
const AREA_CODES = [702, 725, 775, 303, 720, 213, 310, 323] as const;
const EXCHANGES = Array.from({ length: 800 }, (_, i) => 200 + i).filter(
  (x) => x % 100 !== 11 && x !== 555 && x !== 976,
);
/** How many distinct phone numbers there are: positions beyond it would repeat one. */
export const PHONE_SPACE = AREA_CODES.length * EXCHANGES.length * 10_000;
// Multipliers of the affine bijections below; each must be coprime with its modulus (checked).
const PHONE_MULTIPLIER = 9_999_991;
const ID_SPACE = 10_000_000_000;
const ID_MULTIPLIER = 98_765_431;
const CARD_SPACE = 100_000_000;
const CARD_MULTIPLIER = 7_777_781;

for (const [multiplier, space] of [
  [PHONE_MULTIPLIER, PHONE_SPACE],
  [ID_MULTIPLIER, ID_SPACE],
  [CARD_MULTIPLIER, CARD_SPACE],
] as const) {
  if (gcd(multiplier, space) !== 1) throw new Error(`multiplier ${multiplier} is not coprime with ${space}`);
}

const surnamePick = weightedPicker(SURNAMES.length, 8);
const firstNamePick = weightedPicker(FIRST_NAMES.length, 25);
const NO_CONSENT_CHOICE = { granted: false, at: null, source: null, wording: null } as const;
const DAY_MS = 86_400_000;

export function syntheticCustomer(position: number, options: SyntheticOptions): SyntheticCustomer {
  if (!Number.isInteger(position) || position < 0 || position >= PHONE_SPACE) {
    throw new RangeError(`position must be an integer from 0 to ${PHONE_SPACE - 1}`);
  }
  const random = prng(mix(options.seed, position));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

  const firstName = FIRST_NAMES[firstNamePick(random())]!;
  const lastName =
    random() < 0.03
      ? `${SURNAMES[surnamePick(random())]}-${SURNAMES[surnamePick(random())]}`
      : SURNAMES[surnamePick(random())]!;
  const nicknames = NICKNAMES[firstName];
  const preferredName = nicknames && random() < 0.35 ? pick(nicknames) : null;
  const locality = LOCALITIES[Math.floor(random() ** 2 * LOCALITIES.length)]!; // mostly Nevada

  const today = Date.parse(`${options.today}T00:00:00Z`);
  // Ages lean young (most customers are 25 to 45) but reach 80.
  const age = 21 + Math.floor(random() ** 1.6 * 60);
  const dateOfBirth = yearsBefore(today, age, 1 + Math.floor(random() * 364));

  const contact = random();
  const phone = contact < 0.05 ? null : phoneAt(position);
  const email = contact >= 0.05 && contact < 0.17 ? null : emailOf(firstName, lastName, position, random);

  const medical =
    random() < 0.1
      ? {
          cardNumber: `${locality.state}-MMP-${String(affine(position, CARD_MULTIPLIER, 12_345, CARD_SPACE)).padStart(8, '0')}`,
          state: locality.state,
          expiresOn: isoDate(today + (30 + Math.floor(random() * 700)) * DAY_MS),
        }
      : null;
  const idDocument =
    random() < 0.3
      ? {
          type: random() < 0.9 ? ('drivers_license' as const) : ('state_id' as const),
          number: String(affine(position, ID_MULTIPLIER, 4_242_424_242, ID_SPACE)).padStart(10, '0'),
          state: locality.state,
          expiresOn: isoDate(today + (60 + Math.floor(random() * 2500)) * DAY_MS),
        }
      : null;
  const address =
    random() < 0.55
      ? {
          line1: `${100 + Math.floor(random() * 9800)} ${pick(STREETS)}`,
          line2: random() < 0.2 ? `Apt ${1 + Math.floor(random() * 400)}` : null,
          city: locality.city,
          state: locality.state,
          postalCode: pick(locality.postalCodes),
          country: 'US' as const,
        }
      : null;
  const tags = random() < 0.3 ? [...new Set([pick(TAGS), ...(random() < 0.4 ? [pick(TAGS)] : [])])] : [];

  // Signed up within the last six years, never before turning 21; last changed since then.
  const adultSince = Date.parse(`${dateOfBirth}T00:00:00Z`) + 21 * 365.25 * DAY_MS;
  const signupFrom = Math.max(adultSince, today - 6 * 365 * DAY_MS);
  const createdAt = new Date(signupFrom + random() * (today - signupFrom));
  const updatedAt = new Date(createdAt.getTime() + random() * (today - createdAt.getTime()));

  return {
    customer: {
      firstName,
      lastName,
      preferredName,
      dateOfBirth,
      phone,
      email,
      customerType: medical ? 'medical' : 'adult',
      medical,
      idDocument,
      address,
      consents: { sms: { ...NO_CONSENT_CHOICE }, email: { ...NO_CONSENT_CHOICE } },
      tags,
      notes: random() < 0.03 ? pick(NOTES) : null,
      homeStoreId: options.storeIds.length > 0 && random() < 0.85 ? pick(options.storeIds) : null,
    },
    createdAt,
    updatedAt,
  };
}

/** The E.164 phone of a position: distinct for every position below PHONE_SPACE. */
export function phoneAt(position: number): string {
  let n = affine(position, PHONE_MULTIPLIER, 31_337, PHONE_SPACE);
  const line = n % 10_000;
  n = Math.floor(n / 10_000);
  const exchange = EXCHANGES[n % EXCHANGES.length]!;
  const area = AREA_CODES[Math.floor(n / EXCHANGES.length)]!;
  return `+1${area}${exchange}${String(line).padStart(4, '0')}`;
}

function emailOf(first: string, last: string, position: number, random: () => number): string {
  const f = asciiName(first);
  const l = asciiName(last);
  const style = random();
  // The position keeps every address distinct; the styles are the usual ways people pick one.
  const local =
    style < 0.4 ? `${f}.${l}.${position}` : style < 0.7 ? `${f[0] ?? 'x'}${l}.${position}` : `${f}_${position}`;
  return `${local}@${EMAIL_DOMAINS[position % EMAIL_DOMAINS.length]}`;
}

const ASCII_FOLDS: Record<string, string> = { ø: 'o', æ: 'ae', ß: 'ss', đ: 'd', ł: 'l' };

function asciiName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[øæßđł]/g, (c) => ASCII_FOLDS[c] ?? '')
    .replace(/[^a-z0-9]/g, '');
}

/** The date `years` years and `days` days before `today` (UTC ms), as YYYY-MM-DD. */
function yearsBefore(today: number, years: number, days: number): string {
  const t = new Date(today);
  // Anchored on the 28th at most, so 29 February never rolls into March and shortens an age.
  const anchor = Date.UTC(t.getUTCFullYear() - years, t.getUTCMonth(), Math.min(t.getUTCDate(), 28));
  return isoDate(anchor - days * DAY_MS);
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** (position * multiplier + offset) mod space, exactly (the product can exceed 2^53). */
function affine(position: number, multiplier: number, offset: number, space: number): number {
  return Number((BigInt(position) * BigInt(multiplier) + BigInt(offset)) % BigInt(space));
}

/** Index picker where rank r has weight 1 / (r + flatten): a gentle Zipf curve. */
function weightedPicker(length: number, flatten: number): (u: number) => number {
  const cumulative: number[] = [];
  let total = 0;
  for (let r = 0; r < length; r++) {
    total += 1 / (r + 1 + flatten);
    cumulative.push(total);
  }
  return (u) => {
    const target = u * total;
    let lo = 0;
    let hi = length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** A 32-bit state from seed and position (murmur3's finalizer), so each customer has its own stream. */
function mix(seed: number, position: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(position | 0, 0x85ebca6b) ^ (position / 2 ** 32)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** mulberry32: small, fast, good enough for test data (not for anything secret). */
function prng(state: number): () => number {
  let a = state;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
