/**
 * The kiosk's signup form as plain data: what each field holds, how a key typed on the on-screen
 * keyboard changes it, the checks made before anything is sent (the age rule first: an under-age
 * adult-use signup never leaves the kiosk), and the body of POST /kiosk/signup built from it. Pure,
 * so it is unit-tested; signup-screen.tsx only draws it.
 *
 * Dates and the phone are held as the digits tapped (like the check-in keypads) and shown formatted.
 */
import type { FieldMessage } from '../api/api-client.ts';
import { ageOn, checkBirthDate, localIsoDate } from './birth-date-entry.ts';
import type { KioskStore } from './kiosk-context.ts';
import { isCompletePhone, pressPhoneDigit } from './phone-entry.ts';

export type CustomerType = 'adult' | 'medical';

export interface SignupForm {
  firstName: string;
  lastName: string;
  birthDateDigits: string;
  /** Null until chosen: neither is ticked for them. */
  customerType: CustomerType | null;
  cardNumber: string;
  cardState: string;
  cardExpiryDigits: string;
  phoneDigits: string;
  email: string;
  smsConsent: boolean;
  emailConsent: boolean;
}

/** The fields typed on the on-screen keyboard. */
export type TextFieldName =
  | 'firstName'
  | 'lastName'
  | 'birthDateDigits'
  | 'cardNumber'
  | 'cardState'
  | 'cardExpiryDigits'
  | 'phoneDigits'
  | 'email';

export type FieldName = TextFieldName | 'customerType' | 'smsConsent' | 'emailConsent';

/** Which keys a field starts with: letters (names), email (letters with @ and .com), digits. */
export type KeyboardLayout = 'letters' | 'email' | 'digits';

export interface TextFieldRule {
  layout: KeyboardLayout;
  /** Whether the field may switch to the other layout (a card number holds letters and digits). */
  mixed: boolean;
}

export const TEXT_FIELDS: Record<TextFieldName, TextFieldRule> = {
  firstName: { layout: 'letters', mixed: true },
  lastName: { layout: 'letters', mixed: true },
  birthDateDigits: { layout: 'digits', mixed: false },
  cardNumber: { layout: 'digits', mixed: true },
  cardState: { layout: 'letters', mixed: false },
  cardExpiryDigits: { layout: 'digits', mixed: false },
  phoneDigits: { layout: 'digits', mixed: false },
  email: { layout: 'email', mixed: true },
};

export type SignupStep = 'aboutYou' | 'medicalCard' | 'contact' | 'consents';

/** The steps for the type chosen so far: the card step only for medical. */
export function stepsFor(form: Pick<SignupForm, 'customerType'>): SignupStep[] {
  return form.customerType === 'medical'
    ? ['aboutYou', 'medicalCard', 'contact', 'consents']
    : ['aboutYou', 'contact', 'consents'];
}

export const STEP_FIELDS: Record<SignupStep, FieldName[]> = {
  aboutYou: ['firstName', 'lastName', 'birthDateDigits', 'customerType'],
  medicalCard: ['cardNumber', 'cardState', 'cardExpiryDigits'],
  contact: ['phoneDigits', 'email'],
  consents: ['smsConsent', 'emailConsent'],
};

/** A fresh form, with what the person already typed at check-in and the store's state for the card. */
export function newSignupForm(prefill: { phoneDigits: string; birthDateDigits: string; storeState: string | null }) {
  return {
    firstName: '',
    lastName: '',
    birthDateDigits: prefill.birthDateDigits,
    customerType: null,
    cardNumber: '',
    cardState: prefill.storeState ?? '',
    cardExpiryDigits: '',
    phoneDigits: prefill.phoneDigits,
    email: '',
    smsConsent: false,
    emailConsent: false,
  } satisfies SignupForm;
}

// ---------------------------------------------------------------------------------------------------
// Typing

const MAX_NAME = 100;
const MAX_EMAIL = 254;
const MAX_CARD = 40;

/** The field's value after `text` is typed at its end (one key: a letter, `.com`, a digit). */
export function typeInto(field: TextFieldName, value: string, text: string): string {
  switch (field) {
    case 'firstName':
    case 'lastName':
      return (value + text).slice(0, MAX_NAME);
    case 'email':
      return (value + text).toLowerCase().replace(/\s/g, '').slice(0, MAX_EMAIL);
    case 'cardNumber':
      return (value + text)
        .toUpperCase()
        .replace(/[^A-Z0-9 -]/g, '')
        .slice(0, MAX_CARD);
    case 'cardState':
      return (value + text)
        .toUpperCase()
        .replace(/[^A-Z]/g, '')
        .slice(0, 2);
    case 'birthDateDigits':
    case 'cardExpiryDigits':
      return (value + text.replace(/\D/g, '')).slice(0, 8);
    case 'phoneDigits':
      return [...text.replace(/\D/g, '')].reduce(pressPhoneDigit, value);
  }
}

/** What a physical keyboard (or a screen reader's text entry) typed, kept to what the field holds. */
export function typedWhole(field: TextFieldName, shown: string): string {
  return typeInto(field, '', field === 'phoneDigits' ? stripCountryPrefix(shown) : shown);
}

function stripCountryPrefix(shown: string): string {
  return shown.trim().startsWith('+1') ? shown.trim().slice(2) : shown;
}

/** Whether the next letter of a name should be a capital: at the start and after a space or hyphen. */
export function startsWord(value: string): boolean {
  return value === '' || /[\s-]$/.test(value);
}

/** `04021988` → `04/02/1988`, and the partial forms on the way there. */
export function formatDateDigits(digits: string): string {
  return [digits.slice(0, 2), digits.slice(2, 4), digits.slice(4, 8)].filter(Boolean).join('/');
}

// ---------------------------------------------------------------------------------------------------
// Checks before sending

export type FieldErrors = Partial<Record<FieldName, string>>;

export type StepCheck =
  | { ok: true }
  | { ok: false; errors: FieldErrors }
  /** Too young for the type chosen: refused on the spot, nothing sent. */
  | { ok: false; underage: CustomerType };

/** What is wrong with the fields of one step, checked on the kiosk so the person hears it at once. */
export function checkStep(form: SignupForm, step: SignupStep, ageRules: KioskStore['ageRules'], now: Date): StepCheck {
  const errors: FieldErrors = {};
  if (step === 'aboutYou') {
    if (form.firstName.trim() === '') errors.firstName = 'Enter your first name.';
    if (form.lastName.trim() === '') errors.lastName = 'Enter your last name.';
    const birthDate = checkBirthDate(form.birthDateDigits, now);
    if (!birthDate.ok) errors.birthDateDigits = birthDate.message;
    if (form.customerType === null) errors.customerType = 'Choose adult-use or medical.';
    if (birthDate.ok && form.customerType !== null && isEmpty(errors)) {
      const minimum = form.customerType === 'adult' ? ageRules.adultMinimumAge : ageRules.medicalMinimumAge;
      if (ageOn(birthDate.isoDate, now) < minimum) return { ok: false, underage: form.customerType };
    }
  }
  if (step === 'medicalCard') {
    if (form.cardNumber.trim().length < 4) errors.cardNumber = 'Enter the number on your medical card.';
    if (!/^[A-Z]{2}$/.test(form.cardState)) errors.cardState = 'Enter the two letters of the state, such as NV.';
    const expiry = checkCardExpiry(form.cardExpiryDigits, now);
    if (!expiry.ok) errors.cardExpiryDigits = expiry.message;
  }
  if (step === 'contact') {
    if (!isCompletePhone(form.phoneDigits)) errors.phoneDigits = 'Enter your 10-digit mobile number.';
    if (form.email !== '' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(form.email)) {
      errors.email = 'Check the email address, such as name@example.com (or leave it empty).';
    }
  }
  return isEmpty(errors) ? { ok: true } : { ok: false, errors };
}

function isEmpty(errors: FieldErrors): boolean {
  return Object.keys(errors).length === 0;
}

type DateCheck = { ok: true; isoDate: string } | { ok: false; message: string };

/** The card's last valid day: a real date, today or later (an expired card cannot sign up). */
export function checkCardExpiry(digits: string, now: Date): DateCheck {
  if (digits.length < 8) return { ok: false, message: 'Enter the expiry date: month, day and year, 8 digits.' };
  const month = Number(digits.slice(0, 2));
  const day = Number(digits.slice(2, 4));
  const year = Number(digits.slice(4, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || day < 1 || date.getUTCMonth() !== month - 1) {
    return { ok: false, message: 'That is not a date: check the month and day.' };
  }
  const isoDate = isoOfDigits(digits);
  if (isoDate < localIsoDate(now)) return { ok: false, message: 'This card has expired. A staff member can help.' };
  return { ok: true, isoDate };
}

/** `MMDDYYYY` → `YYYY-MM-DD`. */
function isoOfDigits(digits: string): string {
  return `${digits.slice(4, 8)}-${digits.slice(0, 2)}-${digits.slice(2, 4)}`;
}

// ---------------------------------------------------------------------------------------------------
// The request and its answer

export interface SignupBody {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  phone: string;
  email: string | null;
  customerType: CustomerType;
  medical: { cardNumber: string; state: string; expiresOn: string } | null;
  consents: {
    sms: { granted: boolean; wording: string | null };
    email: { granted: boolean; wording: string | null };
  };
}

/**
 * The body of POST /kiosk/signup. A ticked box sends the exact words shown beside it, which the
 * consent ledger keeps; an unticked one sends no words (nothing was agreed to). The phone goes as
 * the digits typed; the server normalizes it with the same library the screen formats with.
 */
export function signupBodyOf(form: SignupForm, wording: KioskStore['consentWording']): SignupBody {
  const customerType = form.customerType ?? 'adult';
  const email = form.email.trim() === '' ? null : form.email.trim();
  return {
    firstName: form.firstName.trim(),
    lastName: form.lastName.trim(),
    dateOfBirth: isoOfDigits(form.birthDateDigits),
    phone: form.phoneDigits,
    email,
    customerType,
    medical:
      customerType === 'medical'
        ? { cardNumber: form.cardNumber.trim(), state: form.cardState, expiresOn: isoOfDigits(form.cardExpiryDigits) }
        : null,
    consents: {
      sms: { granted: form.smsConsent, wording: form.smsConsent ? wording.sms : null },
      // No email given, no email consent: a ticked box with nothing to send to would mean nothing.
      email: {
        granted: form.emailConsent && email !== null,
        wording: form.emailConsent && email !== null ? wording.email : null,
      },
    },
  };
}

/** The form field an API error path belongs to (`medical.expiresOn` → the expiry field). */
export function fieldOfApiPath(path: string): FieldName | null {
  const [head, sub] = path.split('.');
  switch (head) {
    case 'firstName':
    case 'lastName':
    case 'email':
    case 'customerType':
      return head;
    case 'dateOfBirth':
      return 'birthDateDigits';
    case 'phone':
      return 'phoneDigits';
    case 'medical':
      return sub === 'state' ? 'cardState' : sub === 'expiresOn' ? 'cardExpiryDigits' : 'cardNumber';
    case 'consents':
      return sub === 'email' ? 'emailConsent' : 'smsConsent';
    default:
      return null;
  }
}

/**
 * The API's 422 messages as the form's, one per field (the first for each), worded as a sentence:
 * the API says `must not be empty` of a field the label already names. Messages for no field of
 * the form are returned apart, to show at the top.
 */
export function apiFieldErrors(messages: FieldMessage[]): { errors: FieldErrors; other: string[] } {
  const errors: FieldErrors = {};
  const other: string[] = [];
  for (const { path, message } of messages) {
    const field = fieldOfApiPath(path);
    const sentence = asSentence(message);
    if (field === null) other.push(sentence);
    else errors[field] ??= sentence;
  }
  return { errors, other };
}

function asSentence(message: string): string {
  const text = message.trim();
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** The first step holding one of these fields (after a 422, the form goes back there). */
export function firstStepWith(form: SignupForm, errors: FieldErrors): SignupStep | null {
  return stepsFor(form).find((step) => STEP_FIELDS[step].some((field) => errors[field] !== undefined)) ?? null;
}
