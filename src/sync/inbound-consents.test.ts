import { describe, expect, it } from 'vitest';
import type { PosCustomer } from '../pos/port.ts';
import { consentStatementsFromPos } from './inbound-consents.ts';

const now = new Date('2026-03-01T12:00:00.000Z');
const unstated = { granted: false, at: null, source: null };

function pos(sms: boolean | null, updatedAt: string): PosCustomer {
  return { consents: { sms, email: null }, updatedAt } as unknown as PosCustomer;
}

describe('consent statements from a POS record', () => {
  it('records what the POS says, as source pos, at the time the POS changed the record', () => {
    const [statement] = consentStatementsFromPos(
      pos(true, '2026-02-01T10:00:00.000Z'),
      { sms: unstated, email: unstated },
      'treez',
      now,
    );
    expect(statement).toMatchObject({
      channel: 'sms',
      granted: true,
      source: 'pos',
      at: new Date('2026-02-01T10:00:00.000Z'),
    });
  });

  it('lets a POS opt-out withdraw an older opt-in given elsewhere', () => {
    const held = { sms: { granted: true, at: '2026-01-01T00:00:00.000Z', source: 'kiosk' }, email: unstated };
    const statements = consentStatementsFromPos(pos(false, '2026-02-01T10:00:00.000Z'), held, 'treez', now);
    expect(statements).toMatchObject([{ channel: 'sms', granted: false }]);
  });

  it('never lets an older POS opt-in override a newer opt-out given elsewhere', () => {
    const held = { sms: { granted: false, at: '2026-02-15T00:00:00.000Z', source: 'staff' }, email: unstated };
    expect(consentStatementsFromPos(pos(true, '2026-02-01T10:00:00.000Z'), held, 'treez', now)).toEqual([]);
  });

  it('adds nothing when the POS agrees with the current state or says nothing', () => {
    const held = { sms: { granted: true, at: '2026-01-01T00:00:00.000Z', source: 'pos' }, email: unstated };
    expect(consentStatementsFromPos(pos(true, '2026-02-01T10:00:00.000Z'), held, 'treez', now)).toEqual([]);
    expect(consentStatementsFromPos(pos(null, '2026-02-01T10:00:00.000Z'), held, 'treez', now)).toEqual([]);
  });
});
