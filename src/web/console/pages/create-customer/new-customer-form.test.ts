import { describe, expect, it } from 'vitest';
import {
  emptyNewCustomerForm,
  fieldOfApiPath,
  messagesByField,
  type NewCustomerForm,
  posRequiredFields,
  requestBodyOf,
  tagsOf,
  vendorLabel,
} from './new-customer-form.ts';

const WORDING = { sms: 'I agree to texts from Treez Store.', email: 'I agree to emails from Treez Store.' };
const form = (changes: Partial<NewCustomerForm>): NewCustomerForm => ({ ...emptyNewCustomerForm(), ...changes });

describe('the body of POST /customers', () => {
  it('sends blank optional fields and untouched groups as null, and no card for an adult', () => {
    const body = requestBodyOf(
      form({ firstName: ' Ada ', lastName: 'Lovelace', dateOfBirth: '1990-01-02', phone: '(702) 555-0100' }),
      WORDING,
    );
    expect(body).toEqual({
      firstName: 'Ada',
      lastName: 'Lovelace',
      preferredName: null,
      dateOfBirth: '1990-01-02',
      phone: '(702) 555-0100',
      email: null,
      customerType: 'adult',
      medical: null,
      idDocument: null,
      address: null,
      consents: { sms: { granted: false, wording: null }, email: { granted: false, wording: null } },
      tags: [],
      notes: null,
      homeStoreId: null,
    });
  });

  it('sends the card only for a medical customer, even when card fields were typed before switching', () => {
    const typed = { cardNumber: 'MED-1', cardState: 'NV', cardExpiresOn: '2030-01-01' };
    expect(requestBodyOf(form({ ...typed, customerType: 'medical' }), WORDING).medical).toEqual({
      cardNumber: 'MED-1',
      state: 'NV',
      expiresOn: '2030-01-01',
    });
    expect(requestBodyOf(form({ ...typed, customerType: 'adult' }), WORDING).medical).toBeNull();
  });

  it('sends a started ID document or address whole, so the server names what is missing in it', () => {
    const body = requestBodyOf(form({ idNumber: 'D123456', city: 'Reno' }), WORDING);
    expect(body.idDocument).toEqual({ type: '', number: 'D123456', state: null, expiresOn: null });
    expect(body.address).toEqual({ line1: '', line2: null, city: 'Reno', state: '', postalCode: '' });
  });

  it("sends the store's words with a ticked consent and none with an unticked one", () => {
    const body = requestBodyOf(form({ smsConsent: true }), WORDING);
    expect(body.consents).toEqual({
      sms: { granted: true, wording: WORDING.sms },
      email: { granted: false, wording: null },
    });
    // Without a home store there are no words: the server's message for the wording says so.
    expect(requestBodyOf(form({ emailConsent: true }), null).consents.email).toEqual({ granted: true, wording: null });
  });

  it('splits tags on commas and keeps the home store and notes', () => {
    expect(tagsOf(' vip, , Regular Guest ,')).toEqual(['vip', 'Regular Guest']);
    const body = requestBodyOf(form({ homeStoreId: 'store-1', notes: '  likes edibles ' }), WORDING);
    expect(body).toMatchObject({ homeStoreId: 'store-1', notes: 'likes edibles' });
  });
});

describe("the API's 422 messages by field", () => {
  it('finds the field of every path the rules name, nested ones by their nearest parent', () => {
    expect(fieldOfApiPath('dateOfBirth')).toBe('dateOfBirth');
    expect(fieldOfApiPath('medical')).toBe('cardNumber');
    expect(fieldOfApiPath('medical.expiresOn')).toBe('cardExpiresOn');
    expect(fieldOfApiPath('idDocument.state')).toBe('idState');
    expect(fieldOfApiPath('address.postalCode')).toBe('postalCode');
    expect(fieldOfApiPath('consents.sms.wording')).toBe('smsConsent');
    expect(fieldOfApiPath('consents.email.granted')).toBe('emailConsent');
    expect(fieldOfApiPath('tags.3')).toBe('tags');
    expect(fieldOfApiPath('somethingNew')).toBeNull();
  });

  it('keeps every message: several on one field, and those without a field apart', () => {
    const { byField, unplaced } = messagesByField([
      { path: 'dateOfBirth', message: 'must be in the past' },
      { path: 'dateOfBirth', message: 'must be 21 or older for adult use' },
      { path: 'phone', message: 'or email is required' },
      { path: 'somethingNew', message: 'is not allowed' },
    ]);
    expect(byField).toEqual({
      dateOfBirth: ['must be in the past', 'must be 21 or older for adult use'],
      phone: ['or email is required'],
    });
    expect(unplaced).toEqual([{ path: 'somethingNew', message: 'is not allowed' }]);
  });
});

describe("the home store's POS requirements", () => {
  it('marks the fields a POS needs, card fields only for a medical customer', () => {
    const dutchie = ['firstName', 'lastName', 'dateOfBirth', 'phone', 'medical.cardNumber', 'medical.expiresOn'];
    expect([...posRequiredFields(dutchie, 'adult')]).toEqual(['firstName', 'lastName', 'dateOfBirth', 'phone']);
    expect(posRequiredFields(dutchie, 'medical')).toEqual(
      new Set(['firstName', 'lastName', 'dateOfBirth', 'phone', 'cardNumber', 'cardExpiresOn']),
    );
    expect([...posRequiredFields(['address.state'], 'adult')]).toEqual(['addressState']);
    expect(vendorLabel('treez')).toBe('Treez');
    expect(vendorLabel('newpos')).toBe('Newpos');
  });
});
