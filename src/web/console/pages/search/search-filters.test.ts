import { describe, expect, it } from 'vitest';
import {
  addableFilters,
  chipsOf,
  countText,
  customersPath,
  filtersFromSaved,
  filterValueProblem,
  formatPhone,
  hasCriteria,
  withFilter,
  withoutFilter,
} from './search-filters.ts';

const STORE = '0b6a3a6e-1b1e-4c55-9d7e-5f0b7a3c9e11';

describe('chips and query parameters', () => {
  it('adds, replaces and removes filters', () => {
    let f = withFilter({}, 'customerType', 'medical');
    f = withFilter(f, 'homeStoreId', STORE);
    f = withFilter(f, 'customerType', 'adult');
    expect(f).toEqual({ customerType: 'adult', homeStoreId: STORE });
    expect(withoutFilter(f, 'customerType')).toEqual({ homeStoreId: STORE });
  });

  it('refuses values the API would refuse, and says why', () => {
    expect(withFilter({}, 'birthday', '13-01')).toEqual({});
    expect(withFilter({}, 'customerType', 'kid')).toEqual({});
    expect(withFilter({}, 'medicalExpiringWithinDays', '9999')).toEqual({});
    expect(withFilter({}, 'createdFrom', '2026-1-1')).toEqual({});
    expect(filterValueProblem('birthday', '4/2')).toMatch(/MM-DD/);
    expect(filterValueProblem('birthday', '04-02')).toBeNull();
  });

  it('normalizes tag lists and day counts', () => {
    expect(withFilter({}, 'tags', ' vip, , regular ')).toEqual({ tags: 'vip,regular' });
    expect(withFilter({}, 'medicalExpiringWithinDays', '030')).toEqual({ medicalExpiringWithinDays: '30' });
  });

  it('names chips, stores by name', () => {
    const f = { customerType: 'medical', storeId: STORE, medicalExpiringWithinDays: '30', tags: 'vip,regular' };
    expect(chipsOf(f, (id) => (id === STORE ? 'Cova Store' : undefined)).map((c) => c.text)).toEqual([
      'Type: Medical',
      'Tags (all): vip, regular',
      'Linked store: Cova Store',
      'Card expiring within: 30 days',
    ]);
  });

  it('the menu offers each filter once', () => {
    expect(addableFilters({ customerType: 'adult' })).not.toContain('customerType');
    expect(addableFilters({})).toHaveLength(12);
  });

  it('asks for the count only without q', () => {
    expect(customersPath({ q: '', filters: { consent: 'sms' }, limit: 25 })).toBe(
      '/customers?consent=sms&limit=25&total=true',
    );
    expect(customersPath({ q: ' kathleen ', filters: { consent: 'sms' }, limit: 25, cursor: 'abc' })).toBe(
      '/customers?q=kathleen&consent=sms&limit=25&cursor=abc',
    );
  });

  it('knows when there is something to search', () => {
    expect(hasCriteria('  ', {})).toBe(false);
    expect(hasCriteria('', { consent: 'sms' })).toBe(true);
    expect(hasCriteria('0123', {})).toBe(true);
  });

  it('reads a saved view, keeping only what it knows', () => {
    expect(filtersFromSaved({ customerType: 'medical', sort: 'name', birthday: '99-99', tag: 'vip' })).toEqual({
      customerType: 'medical',
      tag: 'vip',
    });
  });
});

describe('display', () => {
  it('counts and phones', () => {
    expect(countText(1, false)).toBe('1 customer matches');
    expect(countText(1204, true)).toBe('About 1,204 customers match');
    expect(formatPhone('+17025550123')).toBe('(702) 555-0123');
    expect(formatPhone('+442071234567')).toBe('+442071234567');
    expect(formatPhone(null)).toBe('');
  });
});
