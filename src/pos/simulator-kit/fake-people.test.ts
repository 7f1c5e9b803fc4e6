import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../normalize.ts';
import { fakePeople, SEED_EPOCH } from './fake-people.ts';

describe('fake people', () => {
  it('are the same for the same seed and differ for another', () => {
    expect(fakePeople(20, 7)).toEqual(fakePeople(20, 7));
    expect(fakePeople(20, 8)).not.toEqual(fakePeople(20, 7));
  });

  it('carry the mess of real POS data in realistic shares', () => {
    const people = fakePeople(2000, 3);
    const share = (test: (p: (typeof people)[number]) => boolean) => people.filter(test).length / people.length;
    expect(share((p) => p.firstName === p.firstName.toUpperCase())).toBeGreaterThan(0.2);
    expect(share((p) => p.dateOfBirth === '1900-01-01')).toBeGreaterThan(0.01);
    expect(share((p) => p.email === 'N/A')).toBeGreaterThan(0.02);
    expect(share((p) => p.notes === 'N/A')).toBeGreaterThan(0.1);
    expect(share((p) => p.phone !== null && normalizePhone(p.phone) === null)).toBeGreaterThan(0.02);
    expect(share((p) => p.medicalCard !== null && Date.parse(p.medicalCard.expiresOn) < SEED_EPOCH)).toBeGreaterThan(
      0.03,
    );
  });

  it('never share a phone or an email, so vendors that refuse duplicates accept the seed', () => {
    const people = fakePeople(3000, 1);
    const phones = people.map((p) => p.phone).filter((p) => p !== null && normalizePhone(p) !== null);
    const emails = people.map((p) => p.email?.toLowerCase()).filter((e) => e !== undefined && e !== 'n/a');
    expect(new Set(phones).size).toBe(phones.length);
    expect(new Set(emails).size).toBe(emails.length);
  });

  it('are adults: 21 or over for adult use, 18 or over for medical, unless the birthday is a placeholder', () => {
    for (const person of fakePeople(500, 2)) {
      if (person.dateOfBirth === '1900-01-01') continue;
      const age = 2025 - Number(person.dateOfBirth.slice(0, 4));
      expect(age).toBeGreaterThanOrEqual(person.customerType === 'medical' ? 18 : 21);
    }
  });
});
