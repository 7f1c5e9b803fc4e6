import { describe, expect, it } from 'vitest';
import {
  apiFieldErrors,
  checkCardExpiry,
  checkStep,
  firstStepWith,
  formatDateDigits,
  newSignupForm,
  type SignupForm,
  signupBodyOf,
  startsWord,
  stepsFor,
  typedWhole,
  typeInto,
} from './signup-form.ts';

const AGES = { adultMinimumAge: 21, medicalMinimumAge: 18 };
const WORDING = { sms: 'I agree to texts from Treez Store. Reply STOP to opt out.', email: 'I agree to emails.' };
// Noon local time, so the local date is 2026-12-02 wherever the test runs.
const TODAY = new Date(2026, 11, 2, 12, 0, 0);

function form(change: Partial<SignupForm> = {}): SignupForm {
  return {
    ...newSignupForm({ phoneDigits: '7025550123', birthDateDigits: '04021988', storeState: 'NV' }),
    firstName: 'Kathleen',
    lastName: 'Scott',
    customerType: 'adult',
    ...change,
  };
}

describe('the signup form', () => {
  it('starts with the phone and birthday typed at check-in, the store state for the card, both boxes unticked', () => {
    const fresh = newSignupForm({ phoneDigits: '7025550123', birthDateDigits: '04021988', storeState: 'NV' });
    expect(fresh).toMatchObject({ phoneDigits: '7025550123', birthDateDigits: '04021988', cardState: 'NV' });
    expect(fresh.customerType).toBeNull();
    expect(fresh.smsConsent).toBe(false);
    expect(fresh.emailConsent).toBe(false);
  });

  it('asks for the medical card only of a medical patient', () => {
    expect(stepsFor({ customerType: 'adult' })).toEqual(['aboutYou', 'contact', 'consents']);
    expect(stepsFor({ customerType: null })).toEqual(['aboutYou', 'contact', 'consents']);
    expect(stepsFor({ customerType: 'medical' })).toEqual(['aboutYou', 'medicalCard', 'contact', 'consents']);
  });
});

describe('typing on the on-screen keyboard', () => {
  it('keeps each field to what it holds: digits for dates and the phone, capitals for the card state', () => {
    expect(typeInto('birthDateDigits', '0402198', '8')).toBe('04021988');
    expect(typeInto('birthDateDigits', '04021988', '1')).toBe('04021988');
    expect(typeInto('cardExpiryDigits', '', 'a')).toBe('');
    expect(typeInto('cardState', 'n', 'v')).toBe('NV');
    expect(typeInto('cardState', 'NV', 'x')).toBe('NV');
    expect(typeInto('cardNumber', 'med', '-1')).toBe('MED-1');
    expect(typeInto('phoneDigits', '702555012', '3')).toBe('7025550123');
    expect(typeInto('phoneDigits', '7025550123', '4')).toBe('7025550123');
  });

  it('writes email lower-case without spaces, and the .com key adds the whole ending', () => {
    expect(typeInto('email', 'kathleen@example', '.com')).toBe('kathleen@example.com');
    expect(typeInto('email', 'K', 'A')).toBe('ka');
    expect(typeInto('email', 'ka', ' ')).toBe('ka');
  });

  it('reads what a physical keyboard left in a formatted field back to its digits', () => {
    expect(typedWhole('phoneDigits', '(702) 555-01234')).toBe('7025550123');
    expect(typedWhole('phoneDigits', '+1 702 555 0123')).toBe('7025550123');
    expect(typedWhole('birthDateDigits', '04/02/19889')).toBe('04021988');
    expect(typedWhole('firstName', "Mary-Jo O'Neil")).toBe("Mary-Jo O'Neil");
  });

  it('capitalizes the start of each part of a name', () => {
    expect(startsWord('')).toBe(true);
    expect(startsWord('Mary-')).toBe(true);
    expect(startsWord('Anne ')).toBe(true);
    expect(startsWord('Ann')).toBe(false);
  });

  it('shows dates as they are typed: month / day / year', () => {
    expect(formatDateDigits('')).toBe('');
    expect(formatDateDigits('04')).toBe('04');
    expect(formatDateDigits('040')).toBe('04/0');
    expect(formatDateDigits('04021988')).toBe('04/02/1988');
  });
});

describe('the checks before anything is sent', () => {
  it('asks for what is missing on the first step, each next to its field', () => {
    const checked = checkStep(
      form({ firstName: ' ', birthDateDigits: '0402', customerType: null }),
      'aboutYou',
      AGES,
      TODAY,
    );
    expect(checked).toEqual({
      ok: false,
      errors: {
        firstName: 'Enter your first name.',
        birthDateDigits: 'Enter the month, day and year: 8 digits.',
        customerType: 'Choose adult-use or medical.',
      },
    });
  });

  it('refuses adult use under 21 and medical under 18, and lets 21 on the birthday itself through', () => {
    expect(checkStep(form({ birthDateDigits: '12032005' }), 'aboutYou', AGES, TODAY)).toEqual({
      ok: false,
      underage: 'adult',
    });
    expect(checkStep(form({ birthDateDigits: '12022005' }), 'aboutYou', AGES, TODAY)).toEqual({ ok: true });
    expect(checkStep(form({ birthDateDigits: '12032005', customerType: 'medical' }), 'aboutYou', AGES, TODAY)).toEqual({
      ok: true,
    });
    expect(checkStep(form({ birthDateDigits: '01012010', customerType: 'medical' }), 'aboutYou', AGES, TODAY)).toEqual({
      ok: false,
      underage: 'medical',
    });
  });

  it('follows the age rules the store gives, not a number of its own', () => {
    const older = { adultMinimumAge: 25, medicalMinimumAge: 18 };
    expect(checkStep(form({ birthDateDigits: '01012003' }), 'aboutYou', older, TODAY)).toEqual({
      ok: false,
      underage: 'adult',
    });
  });

  it('refuses a medical card that expired, and takes one that expires today', () => {
    expect(checkCardExpiry('12012026', TODAY)).toEqual({
      ok: false,
      message: 'This card has expired. A staff member can help.',
    });
    expect(checkCardExpiry('12022026', TODAY)).toEqual({ ok: true, isoDate: '2026-12-02' });
    expect(checkCardExpiry('02302027', TODAY).ok).toBe(false);
    const medical = form({ customerType: 'medical', cardNumber: 'M1', cardState: 'N', cardExpiryDigits: '01012020' });
    const checked = checkStep(medical, 'medicalCard', AGES, TODAY);
    expect(checked.ok).toBe(false);
    expect(checked.ok === false && 'errors' in checked ? Object.keys(checked.errors) : []).toEqual([
      'cardNumber',
      'cardState',
      'cardExpiryDigits',
    ]);
  });

  it('needs a complete phone; the email may be left empty but not half typed', () => {
    expect(checkStep(form(), 'contact', AGES, TODAY)).toEqual({ ok: true });
    expect(checkStep(form({ phoneDigits: '70255' }), 'contact', AGES, TODAY)).toMatchObject({
      errors: { phoneDigits: 'Enter your 10-digit mobile number.' },
    });
    expect(checkStep(form({ email: 'kathleen@' }), 'contact', AGES, TODAY)).toMatchObject({
      errors: { email: expect.stringContaining('Check the email address') },
    });
  });
});

describe('the signup request', () => {
  it('sends an adult with SMS consent and the exact words shown beside the ticked box, none for the unticked', () => {
    expect(signupBodyOf(form({ firstName: ' Kathleen ', smsConsent: true }), WORDING)).toEqual({
      firstName: 'Kathleen',
      lastName: 'Scott',
      dateOfBirth: '1988-04-02',
      phone: '7025550123',
      email: null,
      customerType: 'adult',
      medical: null,
      consents: {
        sms: { granted: true, wording: WORDING.sms },
        email: { granted: false, wording: null },
      },
    });
  });

  it('sends the medical card of a medical patient, and email consent only with an email to send to', () => {
    const body = signupBodyOf(
      form({
        customerType: 'medical',
        cardNumber: 'MED-1234',
        cardState: 'NV',
        cardExpiryDigits: '06302027',
        email: 'k@example.com',
        emailConsent: true,
      }),
      WORDING,
    );
    expect(body.medical).toEqual({ cardNumber: 'MED-1234', state: 'NV', expiresOn: '2027-06-30' });
    expect(body.email).toBe('k@example.com');
    expect(body.consents.email).toEqual({ granted: true, wording: WORDING.email });
    expect(signupBodyOf(form({ emailConsent: true }), WORDING).consents.email).toEqual({
      granted: false,
      wording: null,
    });
  });

  it("puts the API's 422 messages next to the fields they name, and goes back to the first step holding one", () => {
    const { errors, other } = apiFieldErrors([
      { path: 'medical.expiresOn', message: 'card has expired (2020-01-01); medical customers need a current card' },
      { path: 'phone', message: 'must be a phone number such as (702) 555-0123' },
      { path: 'phone', message: 'a second message for the same field' },
      { path: 'homeStoreId', message: 'A kiosk signs customers up at its own store only' },
    ]);
    expect(errors).toEqual({
      cardExpiryDigits: 'Card has expired (2020-01-01); medical customers need a current card.',
      phoneDigits: 'Must be a phone number such as (702) 555-0123.',
    });
    expect(other).toEqual(['A kiosk signs customers up at its own store only.']);
    expect(firstStepWith(form({ customerType: 'medical' }), errors)).toBe('medicalCard');
    expect(firstStepWith(form(), { firstName: 'x' })).toBe('aboutYou');
    expect(firstStepWith(form(), {})).toBeNull();
  });
});
