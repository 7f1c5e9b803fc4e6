/**
 * Identity keys: the normalized values that say two records are the same person. Strong keys
 * (ID number; phone + date of birth; email + date of birth) make a duplicate; the name key only
 * raises a suspected duplicate for a manager. The privacy module turns the ID number into a blind
 * index; phone and email are stored in the clear and matched by their normalized column values.
 */
import { normalizeEmail } from './email.ts';
import { normalizePhone } from './phone.ts';

/** `d 123-456 789` -> `D123456789`: case, spaces and dashes are how people type, not part of the number. */
export function normalizeIdNumber(raw: string): string {
  return raw
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\u2010-\u2015-]+/gu, '');
}

/**
 * A name reduced to what survives retyping: compatibility-decomposed (NFKD), accents and other
 * marks stripped, lower-cased, letters that carry no separable accent folded as PostgreSQL's
 * unaccent folds them (`ł` -> `l`, `ø` -> `o`, `ß` -> `ss`), punctuation and spacing removed.
 * `Zoë O'Brien-Núñez` and `ZOE OBRIEN NUNEZ` give the same key, as do `Łukasz Weiß` and `Lukasz Weiss`.
 */
export function normalizeName(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[łøđßæœıþðħŧ]/gu, (letter) => FOLDED_LETTERS[letter] ?? letter)
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Lower-case letters NFKD leaves whole, as unaccent's rules write them. Migration
 * 0016_fold_name_keys applies the same table to the keys stored before it: change both together.
 */
const FOLDED_LETTERS: Readonly<Record<string, string>> = {
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ı: 'i',
  þ: 'th',
  ð: 'd',
  ħ: 'h',
  ŧ: 't',
};

/** Key of a weak match: same first and last name and date of birth. */
export function nameKey(firstName: string, lastName: string, dateOfBirth: string): string {
  return `${normalizeName(firstName)}|${normalizeName(lastName)}|${dateOfBirth}`;
}

export interface IdentitySource {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  phone: string | null;
  email: string | null;
  idDocument: { number: string } | null;
}

export interface IdentityKeys {
  /**
   * The normalized ID-document number alone, without type or issuing state: POS records rarely
   * carry the state, and the API searches by number (`?idNumber=`).
   */
  idNumber: string | null;
  /** `+17025550123|1988-04-02` */
  phoneDob: string | null;
  /** `kate@example.com|1988-04-02` */
  emailDob: string | null;
  /** Weak key, see `nameKey`. */
  nameDob: string;
}

export function identityKeysOf(customer: IdentitySource): IdentityKeys {
  const phone = customer.phone === null ? null : normalizePhone(customer.phone);
  const email = customer.email === null ? null : normalizeEmail(customer.email);
  const idNumber = customer.idDocument === null ? '' : normalizeIdNumber(customer.idDocument.number);
  return {
    idNumber: idNumber === '' ? null : idNumber,
    phoneDob: phone === null ? null : `${phone}|${customer.dateOfBirth}`,
    emailDob: email ? `${email}|${customer.dateOfBirth}` : null,
    nameDob: nameKey(customer.firstName, customer.lastName, customer.dateOfBirth),
  };
}
