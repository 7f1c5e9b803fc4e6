import { describe, expect, it } from 'vitest';
import { missingWordingProblems, serverSetConsentProblems, statementTime } from './consent-statements.ts';

const now = new Date('2026-03-01T12:00:00.000Z');

describe('who may say what in a consent statement', () => {
  it('dates every statement now, except a POS or an import reporting an earlier time', () => {
    const earlier = new Date('2026-02-01T00:00:00.000Z');
    expect(statementTime('customer', earlier, now)).toEqual(now);
    expect(statementTime('staff', earlier, now)).toEqual(now);
    expect(statementTime('pos', earlier, now)).toEqual(earlier);
    expect(statementTime('import', earlier, now)).toEqual(earlier);
    expect(statementTime('pos', undefined, now)).toEqual(now);
  });

  it('never dates a statement in the future, whoever reports it', () => {
    const future = new Date('2030-01-01T00:00:00.000Z');
    expect(statementTime('pos', future, now)).toEqual(now);
    expect(statementTime('import', future, now)).toEqual(now);
    expect(statementTime('pos', new Date('not a date'), now)).toEqual(now);
  });

  it('refuses `at` from anyone, and a source from a customer or a kiosk; null counts as absent', () => {
    const consents = { sms: { granted: true, at: '2030-01-01T00:00:00Z', source: 'customer' }, email: { at: null } };
    expect(serverSetConsentProblems(consents, 'customer').map((p) => p.path)).toEqual([
      'consents.sms.at',
      'consents.sms.source',
    ]);
    expect(serverSetConsentProblems({ email: { granted: true, source: 'kiosk' } }, 'kiosk')).toHaveLength(1);
    expect(serverSetConsentProblems({ email: { granted: true, at: null, source: null } }, 'kiosk')).toEqual([]);
    expect(serverSetConsentProblems(undefined, 'staff')).toEqual([]);
  });

  it('lets staff repeat their own source, and no other', () => {
    expect(serverSetConsentProblems({ sms: { granted: false, source: 'staff' } }, 'staff')).toEqual([]);
    expect(serverSetConsentProblems({ sms: { granted: false, source: 'pos' } }, 'staff')).toEqual([
      { path: 'consents.sms.source', message: expect.stringMatching(/set by the server.*"staff"/) },
    ]);
  });

  it('asks for the wording of an SMS grant only (TCPA), not of a withdrawal or an email grant', () => {
    expect(
      missingWordingProblems([
        { channel: 'sms', granted: true, wording: '  ' },
        { channel: 'sms', granted: false, wording: null },
        { channel: 'email', granted: true, wording: null },
      ]),
    ).toEqual([{ path: 'consents.sms.wording', message: expect.stringMatching(/TCPA/) }]);
  });
});
