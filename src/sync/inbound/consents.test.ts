import { describe, expect, it } from 'vitest';
import type { PosCustomer } from '../../pos/port.ts';
import { consentStatementsFromPos } from './consents.ts';

const now = new Date('2026-03-01T12:00:00.000Z');
const unstated = { granted: false, at: null, source: null };
/** A vendor whose flags read `null` when nobody asked (Treez), on a first read: every boolean is an answer. */
const firstRead = { vendor: 'treez', base: undefined, unsetConsent: null, now };

function pos(sms: boolean | null, updatedAt: string): PosCustomer {
  return { consents: { sms, email: null }, updatedAt } as unknown as PosCustomer;
}

describe('consent statements from a POS record', () => {
  it('records what the POS says, as source pos, at the time the POS changed the record', () => {
    const [statement] = consentStatementsFromPos(
      pos(true, '2026-02-01T10:00:00.000Z'),
      { sms: unstated, email: unstated },
      firstRead,
    );
    expect(statement).toMatchObject({
      channel: 'sms',
      granted: true,
      source: 'pos',
      at: new Date('2026-02-01T10:00:00.000Z'),
    });
  });

  it('dates a POS change reported in the future at now, so it cannot outrank a later withdrawal', () => {
    const [statement] = consentStatementsFromPos(
      pos(true, '2030-01-01T00:00:00.000Z'),
      { sms: unstated, email: unstated },
      firstRead,
    );
    expect(statement).toMatchObject({ channel: 'sms', granted: true, source: 'pos', at: now });
  });

  it('lets a POS opt-out withdraw an older opt-in given elsewhere', () => {
    const held = { sms: { granted: true, at: '2026-01-01T00:00:00.000Z', source: 'kiosk' }, email: unstated };
    const statements = consentStatementsFromPos(pos(false, '2026-02-01T10:00:00.000Z'), held, firstRead);
    expect(statements).toMatchObject([{ channel: 'sms', granted: false }]);
  });

  it('never lets an older POS opt-in override a newer opt-out given elsewhere', () => {
    const held = { sms: { granted: false, at: '2026-02-15T00:00:00.000Z', source: 'staff' }, email: unstated };
    expect(consentStatementsFromPos(pos(true, '2026-02-01T10:00:00.000Z'), held, firstRead)).toEqual([]);
  });

  it('adds nothing when the POS agrees with the current state or says nothing', () => {
    const held = { sms: { granted: true, at: '2026-01-01T00:00:00.000Z', source: 'pos' }, email: unstated };
    expect(consentStatementsFromPos(pos(true, '2026-02-01T10:00:00.000Z'), held, firstRead)).toEqual([]);
    expect(consentStatementsFromPos(pos(null, '2026-02-01T10:00:00.000Z'), held, firstRead)).toEqual([]);
  });

  it("writes nothing on a first read of a flag equal to the vendor's default for nobody asked (Cova's DoNotContact)", () => {
    const cova = { vendor: 'cova', base: undefined, unsetConsent: false, now };
    expect(
      consentStatementsFromPos(pos(false, '2026-02-01T10:00:00.000Z'), { sms: unstated, email: unstated }, cova),
    ).toEqual([]);
    // Nor does it turn a default into an opt-out of an opt-in given elsewhere.
    const held = { sms: { granted: true, at: '2026-01-01T00:00:00.000Z', source: 'kiosk' }, email: unstated };
    expect(consentStatementsFromPos(pos(false, '2026-02-01T10:00:00.000Z'), held, cova)).toEqual([]);
  });

  it('takes a first-read value other than the default as an answer', () => {
    const cova = { vendor: 'cova', base: undefined, unsetConsent: false, now };
    const statements = consentStatementsFromPos(
      pos(true, '2026-02-01T10:00:00.000Z'),
      { sms: unstated, email: unstated },
      cova,
    );
    expect(statements).toMatchObject([
      { channel: 'sms', granted: true, source: 'pos', wording: 'cova POS marketing preference' },
    ]);
  });

  it('writes nothing when the POS says what it said before (the link base), and records a change of it', () => {
    const saidNo = { vendor: 'flowhub', base: { 'consents.sms': false }, unsetConsent: false, now };
    const held = { sms: unstated, email: unstated };
    expect(consentStatementsFromPos(pos(false, '2026-02-01T10:00:00.000Z'), held, saidNo)).toEqual([]);
    const saidYes = { vendor: 'flowhub', base: { 'consents.sms': true }, unsetConsent: false, now };
    expect(consentStatementsFromPos(pos(false, '2026-02-01T10:00:00.000Z'), held, saidYes)).toMatchObject([
      { channel: 'sms', granted: false, source: 'pos' },
    ]);
    expect(consentStatementsFromPos(pos(true, '2026-02-01T10:00:00.000Z'), held, saidNo)).toMatchObject([
      { channel: 'sms', granted: true, source: 'pos' },
    ]);
  });
});
