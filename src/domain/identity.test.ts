import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identityKeysOf, nameKey, normalizeIdNumber, normalizeName } from './identity.ts';

const person = {
  firstName: 'Kathleen',
  lastName: 'Scott',
  dateOfBirth: '1988-04-02',
  phone: '(702) 555-0123',
  email: ' Kathleen@Example.com',
  idDocument: { number: 'd12-345 678' },
};

describe('identity keys', () => {
  it('normalizes an ID number to upper case without spaces or dashes', () => {
    expect(normalizeIdNumber(' d12-345 678 ')).toBe('D12345678');
    expect(normalizeIdNumber('MED–0042')).toBe('MED0042');
  });

  it('is idempotent on ID numbers', () => {
    fc.assert(
      fc.property(fc.string(), (raw) => {
        expect(normalizeIdNumber(normalizeIdNumber(raw))).toBe(normalizeIdNumber(raw));
      }),
    );
  });

  it('gives the same ID key however the number is spaced, dashed or cased', () => {
    const idChars = fc.constantFrom(...'ABCDEFGHJKLMNPRSTUVWXYZ0123456789');
    const separators = fc.constantFrom('', ' ', '-', '  ', ' - ');
    fc.assert(
      fc.property(fc.array(fc.tuple(idChars, separators, fc.boolean()), { minLength: 4, maxLength: 20 }), (parts) => {
        const plain = parts.map(([c]) => c).join('');
        const typed = parts.map(([c, sep, lower]) => `${lower ? c.toLowerCase() : c}${sep}`).join('');
        expect(normalizeIdNumber(typed)).toBe(plain);
      }),
    );
  });

  it('matches names that differ only in accents, case, spacing and punctuation', () => {
    expect(nameKey('Zoë', "O'Brien-Núñez", '1990-01-01')).toBe(nameKey('ZOE', 'OBRIEN NUNEZ', '1990-01-01'));
    expect(normalizeName('Ｊｏｓé')).toBe('jose');
  });

  it('folds the letters NFKD leaves whole as unaccent does (Ł, Ø, ß, Æ, Œ, Đ, Þ)', () => {
    expect(normalizeName('Łukasz Søgaard-Weiß')).toBe('lukaszsogaardweiss');
    expect(normalizeName('ÆLFRÆD ŒDIPUS ĐORĐE ÞÓRA')).toBe('aelfraedoedipusdordethora');
  });

  it('keeps names apart when their birthdays differ', () => {
    expect(nameKey('Ana', 'Diaz', '1990-01-01')).not.toBe(nameKey('Ana', 'Diaz', '1990-01-02'));
  });

  it('is idempotent on names', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (raw) => {
        expect(normalizeName(normalizeName(raw))).toBe(normalizeName(raw));
      }),
    );
  });

  it('builds the strong and weak keys of a customer from normalized values', () => {
    expect(identityKeysOf(person)).toEqual({
      idNumber: 'D12345678',
      phoneDob: '+17025550123|1988-04-02',
      emailDob: 'kathleen@example.com|1988-04-02',
      nameDob: 'kathleen|scott|1988-04-02',
    });
  });

  it('leaves out the keys a customer has no value for', () => {
    const keys = identityKeysOf({ ...person, phone: null, email: null, idDocument: null });
    expect(keys).toEqual({ idNumber: null, phoneDob: null, emailDob: null, nameDob: 'kathleen|scott|1988-04-02' });
  });

  it('gives no phone key for a phone that cannot be normalized (as kept from a POS import)', () => {
    expect(identityKeysOf({ ...person, phone: 'N/A' }).phoneDob).toBeNull();
  });

  it('gives the same phone key for formatting variants of one number', () => {
    const a = identityKeysOf({ ...person, phone: '702.555.0123' });
    const b = identityKeysOf({ ...person, phone: '+1 702 555 0123' });
    expect(a.phoneDob).toBe(b.phoneDob);
  });
});
