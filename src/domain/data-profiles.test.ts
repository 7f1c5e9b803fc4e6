import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AUTHORIZATION_KINDS,
  type AuthorizationKind,
  DATA_PROFILE_IDS,
  DATA_PROFILES,
  type DataProfile,
  dataProfile,
  droppedFieldMessage,
  GOVERNED_FIELDS,
  mayShareBeyondSale,
  profileForState,
  trimToProfile,
} from './data-profiles.ts';
import { US_STATE_CODES } from './us-states.ts';

const idDocument = { type: 'drivers_license', number: 'D1234567', state: 'CO', expiresOn: null };
const address = { line1: '1 Pearl St', line2: null, city: 'Denver', state: 'CO', postalCode: '80203', country: 'US' };
const full = { idDocument, address, notes: 'likes edibles', phone: '+13035550100', firstName: 'Ana' };

const kept = (profile: DataProfile, type: 'adult' | 'medical', authorized: AuthorizationKind[] = []) =>
  trimToProfile(profile, type, full, new Set(authorized));

const keptFields = (profile: DataProfile, type: 'adult' | 'medical', authorized: AuthorizationKind[]) => {
  const dropped = kept(profile, type, authorized).dropped.map((d) => d.field);
  return GOVERNED_FIELDS.filter((field) => !dropped.includes(field));
};

describe('profileForState', () => {
  it('gives each shipped state its own profile', () => {
    for (const state of ['CO', 'OR', 'CA', 'SD', 'NV', 'MA']) expect(profileForState(state).id).toBe(state);
    expect(profileForState(' co ').id).toBe('CO');
  });

  it('gives the strict default to a state without a profile, to no state, and to a made-up code', () => {
    expect(profileForState('WA').id).toBe('strict-default');
    expect(profileForState(null).id).toBe('strict-default');
    expect(profileForState(undefined).id).toBe('strict-default');
    expect(profileForState('strict-default').id).toBe('strict-default');
  });

  it('answers a profile for every US state code', () => {
    for (const state of US_STATE_CODES) expect(DATA_PROFILE_IDS).toContain(profileForState(state).id);
  });
});

describe('Colorado', () => {
  it('does not store the ID document of an adult-use customer, and keeps the rest', () => {
    const { kept: record, dropped } = kept(dataProfile('CO'), 'adult');
    expect(record).toEqual({ ...full, idDocument: null });
    expect(dropped.map((d) => d.field)).toEqual(['idDocument']);
  });

  it('keeps everything of a medical customer', () => {
    expect(kept(dataProfile('CO'), 'medical').dropped).toEqual([]);
  });
});

describe('Oregon', () => {
  it('never stores an ID document, even with written permission, and an address only with it', () => {
    for (const type of ['adult', 'medical'] as const) {
      expect(kept(dataProfile('OR'), type).dropped.map((d) => d.field)).toEqual(['idDocument', 'address']);
      expect(kept(dataProfile('OR'), type, ['written-permission-additional-data']).dropped.map((d) => d.field)).toEqual(
        ['idDocument'],
      );
    }
  });
});

describe('California', () => {
  it('stores every field but shares nothing beyond the sale', () => {
    const profile = dataProfile('CA');
    expect(kept(profile, 'adult').dropped).toEqual([]);
    expect(kept(profile, 'medical').dropped).toEqual([]);
    expect(mayShareBeyondSale(profile)).toBe(false);
  });
});

describe('South Dakota', () => {
  it('keeps of a medical customer only the record minimum and card until the cardholder authorizes more', () => {
    const profile = dataProfile('SD');
    expect(kept(profile, 'medical').dropped.map((d) => d.field)).toEqual(['idDocument', 'address', 'notes']);
    expect(kept(profile, 'medical', ['sd-medical-additional-data']).dropped).toEqual([]);
  });

  it('does not take a general written permission for the medical authorization it names', () => {
    expect(kept(dataProfile('SD'), 'medical', ['written-permission-additional-data']).dropped).toHaveLength(3);
  });

  it('holds adult-use customers (no adult-use sales in the state) to the strict default', () => {
    expect(dataProfile('SD').adult).toEqual(dataProfile('strict-default').adult);
  });
});

describe('Nevada', () => {
  it('stores every field of every customer', () => {
    expect(kept(dataProfile('NV'), 'adult').dropped).toEqual([]);
    expect(kept(dataProfile('NV'), 'medical').dropped).toEqual([]);
    expect(mayShareBeyondSale(dataProfile('NV'))).toBe(true);
  });
});

describe('Massachusetts', () => {
  it("keeps an adult-use customer's ID, address and notes only with their written permission", () => {
    const profile = dataProfile('MA');
    expect(kept(profile, 'adult').dropped.map((d) => d.field)).toEqual(['idDocument', 'address', 'notes']);
    expect(kept(profile, 'adult', ['written-permission-additional-data']).dropped).toEqual([]);
    expect(kept(profile, 'medical').dropped).toEqual([]);
  });
});

describe('strict default', () => {
  it('never stores an ID document, keeps other details only with written permission, shares nothing', () => {
    const profile = dataProfile('strict-default');
    for (const type of ['adult', 'medical'] as const) {
      expect(kept(profile, type).dropped.map((d) => d.field)).toEqual(['idDocument', 'address', 'notes']);
      expect(kept(profile, type, ['written-permission-additional-data']).dropped.map((d) => d.field)).toEqual([
        'idDocument',
      ]);
    }
    expect(mayShareBeyondSale(profile)).toBe(false);
  });

  it('keeps no more than any other profile, with no authorization and with all of them', () => {
    const strict = dataProfile('strict-default');
    for (const profile of Object.values(DATA_PROFILES)) {
      for (const type of ['adult', 'medical'] as const) {
        for (const granted of [[], [...AUTHORIZATION_KINDS]] as AuthorizationKind[][]) {
          const strictKept = keptFields(strict, type, granted);
          const otherKept = keptFields(profile, type, granted);
          expect(strictKept.filter((field) => !otherKept.includes(field))).toEqual([]);
        }
      }
    }
  });
});

describe('trimToProfile', () => {
  const profileArb = fc.constantFrom(...Object.values(DATA_PROFILES));
  const typeArb = fc.constantFrom('adult' as const, 'medical' as const);
  const grantedArb = fc.subarray([...AUTHORIZATION_KINDS]);
  const recordArb = fc.record(
    {
      idDocument: fc.option(fc.constant(idDocument)),
      address: fc.option(fc.constant(address)),
      notes: fc.option(fc.string()),
      phone: fc.option(fc.string()),
      firstName: fc.string(),
    },
    { requiredKeys: ['firstName'] },
  );

  it('only ever sets fields to null, never touches ungoverned fields, and reports exactly what it nulled', () => {
    fc.assert(
      fc.property(profileArb, typeArb, grantedArb, recordArb, (profile, type, granted, record) => {
        const { kept: out, dropped } = trimToProfile(profile, type, record, new Set(granted));
        expect(out.firstName).toBe(record.firstName);
        expect(out.phone).toBe(record.phone);
        for (const field of GOVERNED_FIELDS) {
          const wasDropped = dropped.some((d) => d.field === field);
          if (wasDropped) {
            expect(record[field]).not.toBeNull();
            expect(out[field]).toBeNull();
          } else {
            expect(out[field]).toEqual(record[field]);
          }
        }
      }),
    );
  });

  it('is idempotent: a trimmed record trims to itself and drops nothing more', () => {
    fc.assert(
      fc.property(profileArb, typeArb, grantedArb, recordArb, (profile, type, granted, record) => {
        const once = trimToProfile(profile, type, record, new Set(granted)).kept;
        const twice = trimToProfile(profile, type, once, new Set(granted));
        expect(twice.kept).toEqual(once);
        expect(twice.dropped).toEqual([]);
      }),
    );
  });

  it('drops no more with more authorizations recorded', () => {
    fc.assert(
      fc.property(profileArb, typeArb, grantedArb, grantedArb, recordArb, (profile, type, a, b, record) => {
        const fewer = trimToProfile(profile, type, record, new Set(a)).dropped.map((d) => d.field);
        const more = trimToProfile(profile, type, record, new Set([...a, ...b])).dropped.map((d) => d.field);
        expect(more.filter((field) => !fewer.includes(field))).toEqual([]);
      }),
    );
  });
});

describe('droppedFieldMessage', () => {
  it('names the profile, the customer kind and the rule for a field never stored', () => {
    const profile = dataProfile('CO');
    const [dropped] = kept(profile, 'adult').dropped;
    const message = droppedFieldMessage(profile, 'adult', dropped!);
    expect(message).toContain('adult-use');
    expect(message).toContain('Colorado');
    expect(message).toContain('Colo. Const. art. XVIII');
  });

  it('names the authorization that would unlock a field', () => {
    const profile = dataProfile('SD');
    const [dropped] = kept(profile, 'medical').dropped;
    const message = droppedFieldMessage(profile, 'medical', dropped!);
    expect(message).toContain('"sd-medical-additional-data"');
    expect(message).toContain('SDCL ch. 34-20G');
  });
});
