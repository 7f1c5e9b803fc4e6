import { describe, expect, it } from 'vitest';
import {
  defaultChoices,
  defaultSide,
  defaultSurvivor,
  differingFields,
  linkOutcomes,
  type MergeCustomer,
  mergePreview,
} from './merge-plan.ts';

const person = (overrides: Partial<MergeCustomer> = {}): MergeCustomer => ({
  id: 'a',
  firstName: 'Kathleen',
  lastName: 'Scott',
  preferredName: null,
  dateOfBirth: '1988-04-02',
  phone: '+17025550123',
  email: 'k@example.com',
  customerType: 'adult',
  medical: null,
  idDocument: null,
  address: null,
  notes: null,
  homeStoreId: 's1',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  ...overrides,
});

describe('differing fields and their defaults', () => {
  it('lists only the fields whose values differ', () => {
    expect(differingFields(person(), person({ id: 'b', email: 'x@example.com', homeStoreId: 's2' }))).toEqual([
      'email',
      'homeStoreId',
    ]);
  });

  it('takes the side that has a value over an empty one, whichever is newer', () => {
    const survivor = person({ updatedAt: '2026-05-01T00:00:00Z' });
    const source = person({ id: 'b', address: { line1: '1 Main', city: 'Reno' } });
    expect(defaultSide(survivor, source, 'address')).toBe('source');
    expect(defaultSide(source, survivor, 'address')).toBe('survivor');
  });

  it('takes the newer record when both have a value, the survivor on a tie', () => {
    const survivor = person();
    const source = person({ id: 'b', email: 'new@example.com', updatedAt: '2026-03-01T00:00:00Z' });
    expect(defaultChoices(survivor, source)).toEqual({ email: 'source' });
    expect(defaultChoices(survivor, person({ id: 'b', email: 'n@example.com' }))).toEqual({ email: 'survivor' });
  });

  it('prefers the medical type and card', () => {
    const medical = person({
      id: 'b',
      customerType: 'medical',
      medical: { cardNumber: 'MED-1', state: 'NV', expiresOn: '2099-01-01' },
    });
    const adult = person({ updatedAt: '2026-09-01T00:00:00Z' });
    expect(defaultChoices(adult, medical)).toEqual({ customerType: 'source', medical: 'source' });
  });
});

describe('the default survivor', () => {
  it('is the more complete record: card and ID weigh more than contact fields', () => {
    const withId = person({ id: 'b', phone: null, idDocument: { type: 'drivers_license', number: 'D1' } });
    const withContact = person({ notes: 'x', address: { city: 'Reno' } });
    expect(defaultSurvivor(withContact, withId)[0].id).toBe('b');
  });

  it('is the older record on a tie', () => {
    const older = person({ id: 'old', createdAt: '2025-01-01T00:00:00Z' });
    expect(defaultSurvivor(person(), older)[0].id).toBe('old');
  });
});

describe('the preview', () => {
  it('takes the chosen source values and names them as fields', () => {
    const survivor = person();
    const source = person({ id: 'b', email: 'b@example.com', phone: '+17025550999' });
    const { record, fields } = mergePreview(survivor, source, { email: 'source', phone: 'survivor' });
    expect(fields).toEqual(['email']);
    expect(record.email).toBe('b@example.com');
    expect(record.phone).toBe('+17025550123');
    expect(record.id).toBe('a');
  });

  it('says what each side’s POS links become', () => {
    const link = (storeId: string, externalId: string) => ({ storeId, vendor: 'treez', externalId, status: 'synced' });
    const outcomes = linkOutcomes([link('s1', 'x1'), link('s3', 'x3')], [link('s2', 'y2'), link('s3', 'y3')]);
    expect(outcomes.map((o) => [o.from, o.storeId, o.outcome])).toEqual([
      ['survivor', 's1', 'stays'],
      ['survivor', 's3', 'one kept, the other retired at the POS'],
      ['source', 's2', 'moves to the survivor'],
      ['source', 's3', 'one kept, the other retired at the POS'],
    ]);
  });
});
