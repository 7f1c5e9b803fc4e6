/**
 * Deterministic fake dispensary customers with the mess real POS data has [DESIGN "Real-world
 * records"]: upper-case names, stray spaces, `N/A` placeholders, 1900-01-01 birthdays, phones that
 * fail validation, missing or upper-case emails, expired medical cards. Vendor simulators turn a
 * `FakePerson` into their own record shape; the values here are the ones "typed at the POS".
 */
import { SeededRandom } from './seeded-random.ts';

export interface FakePerson {
  index: number;
  firstName: string;
  middleName: string | null;
  lastName: string;
  nickname: string | null;
  /** YYYY-MM-DD, sometimes the placeholder 1900-01-01. */
  dateOfBirth: string;
  gender: 'male' | 'female' | 'nonbinary' | null;
  /** 10 digits as typed; most are valid US numbers, some are not. `null` when none was taken. */
  phone: string | null;
  /** As typed: sometimes upper-case, sometimes `N/A`. */
  email: string | null;
  customerType: 'adult' | 'medical';
  medicalCard: { number: string; state: string; expiresOn: string } | null;
  driversLicense: { number: string; state: string; expiresOn: string } | null;
  address: { line1: string; line2: string | null; city: string; state: string; postalCode: string } | null;
  loyaltyPoints: number;
  smsOptIn: boolean | null;
  emailOptIn: boolean | null;
  /** Sometimes `N/A`. */
  notes: string | null;
  tags: string[];
  banned: boolean;
  createdAt: Date;
  updatedAt: Date;
  lastVisitAt: Date | null;
}

/** Seeded timestamps fall before this instant, so they do not depend on the day the tests run. */
export const SEED_EPOCH = Date.parse('2026-01-01T00:00:00Z');

const FIRST = [
  'Kathleen',
  'Marcus',
  'Ana',
  'Devon',
  'Priya',
  'José',
  'Mei',
  'Tyrone',
  'Olga',
  'Liam',
  'Aaliyah',
  'Noah',
  'Sofia',
  'Hiroshi',
  'Fatima',
  'Connor',
  'Lucía',
  'Darnell',
  'Ingrid',
  'Mateo',
];
const LAST = [
  'Scott',
  'Nguyen',
  'García',
  "O'Brien",
  'Patel',
  'Johnson',
  'Kowalski',
  'Williams',
  'Chen',
  'Martinez',
  'Smith-Jones',
  'Okafor',
  'Rossi',
  'MacDonald',
  'Haddad',
  'Brown',
  'Silva',
  'Kim',
  'Anderson',
  'Dubois',
];
const MIDDLE = ['Ann', 'J', 'Marie', 'Lee', 'R'];
const CITIES = [
  { city: 'Las Vegas', state: 'NV', zip: '89101', area: '702' },
  { city: 'San Diego', state: 'CA', zip: '92101', area: '619' },
  { city: 'Denver', state: 'CO', zip: '80202', area: '303' },
  { city: 'Oakland', state: 'CA', zip: '94612', area: '510' },
  { city: 'Detroit', state: 'MI', zip: '48201', area: '313' },
  { city: 'Phoenix', state: 'AZ', zip: '85004', area: '602' },
];
const STREETS = ['Main St', 'Oak Ave', 'E Fremont St', 'Sunset Blvd', 'Colfax Ave', '2nd St'];
const TAGS = ['VIP', 'INDUSTRY', 'VETERAN', 'SENIOR'];
const DAY = 86_400_000;

export function fakePerson(seed: number, index: number): FakePerson {
  const random = new SeededRandom(seed * 1_000_003 + index);
  const place = random.pick(CITIES);
  const first = random.pick(FIRST);
  const last = random.pick(LAST);
  const shout = random.chance(0.3);
  const cased = (name: string) => (shout ? name.toUpperCase() : name);
  const padded = (name: string) => (random.chance(0.05) ? ` ${name}  ` : name);

  const createdAt = new Date(SEED_EPOCH - random.int(30, 3 * 365) * DAY - random.int(0, DAY));
  const updatedAt = new Date(createdAt.getTime() + Math.floor(random.next() * (SEED_EPOCH - createdAt.getTime())));
  const medical = random.chance(0.3);
  const age = medical ? random.int(18, 80) : random.int(21, 80);
  const birthYear = 2025 - age;
  const dateOfBirth = random.chance(0.03)
    ? '1900-01-01'
    : `${birthYear}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}`;

  return {
    index,
    firstName: padded(cased(first)),
    middleName: random.chance(0.3) ? cased(random.pick(MIDDLE)) : null,
    lastName: padded(cased(last)),
    nickname: random.chance(0.1) ? first.slice(0, 3) : null,
    dateOfBirth,
    gender: random.chance(0.2) ? null : random.pick(['male', 'female', 'female', 'male', 'nonbinary'] as const),
    phone: fakePhone(random, place.area, index),
    email: fakeEmail(random, first, last, index),
    customerType: medical ? 'medical' : 'adult',
    medicalCard: medical
      ? {
          number: `MED${100000 + index}`,
          state: place.state,
          // About a third of medical cards have already expired.
          expiresOn: isoDate(SEED_EPOCH + random.int(-300, 700) * DAY),
        }
      : null,
    driversLicense: random.chance(0.7)
      ? {
          number: `${place.state}${random.int(1_000_000, 9_999_999)}`,
          state: place.state,
          expiresOn: isoDate(SEED_EPOCH + random.int(-100, 2000) * DAY),
        }
      : null,
    address: random.chance(0.8)
      ? {
          line1: `${random.int(1, 9999)} ${random.pick(STREETS)}`,
          line2: random.chance(0.2) ? `Apt ${random.int(1, 40)}` : null,
          city: place.city,
          state: place.state,
          postalCode: place.zip,
        }
      : null,
    loyaltyPoints: random.chance(0.4) ? 0 : random.int(1, 5000),
    smsOptIn: random.chance(0.2) ? null : random.chance(0.6),
    emailOptIn: random.chance(0.2) ? null : random.chance(0.5),
    notes: random.chance(0.2) ? 'N/A' : random.chance(0.1) ? 'Prefers edibles' : null,
    tags: random.chance(0.15) ? [random.pick(TAGS)] : [],
    banned: random.chance(0.01),
    createdAt,
    updatedAt,
    lastVisitAt: random.chance(0.8) ? new Date(updatedAt.getTime() - random.int(0, 30) * DAY) : null,
  };
}

export function fakePeople(count: number, seed: number): FakePerson[] {
  return Array.from({ length: count }, (_, index) => fakePerson(seed, index));
}

/** Unique per index (so vendors that refuse duplicate phones accept the seed); 5% invalid, 5% missing. */
function fakePhone(random: SeededRandom, area: string, index: number): string | null {
  const roll = random.next();
  if (roll < 0.05) return null;
  if (roll < 0.07) return '7777777777';
  if (roll < 0.1) return `0${String(100_000_000 + index).slice(-9)}`;
  const exchange = 200 + (Math.floor(index / 10_000) % 700);
  return `${area}${exchange}${String(index % 10_000).padStart(4, '0')}`;
}

function fakeEmail(random: SeededRandom, first: string, last: string, index: number): string | null {
  const roll = random.next();
  if (roll < 0.15) return null;
  if (roll < 0.2) return 'N/A';
  const local = `${first}.${last}`
    .normalize('NFD')
    .replace(/[^A-Za-z.]/g, '')
    .toLowerCase();
  const email = `${local}${index}@example.com`;
  return roll < 0.3 ? email.toUpperCase() : email;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
