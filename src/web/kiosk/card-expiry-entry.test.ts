import { describe, expect, it } from 'vitest';
import { checkCardExpiry, expiredCardOn } from './card-expiry-entry.ts';

const today = new Date(2026, 11, 2, 10, 0); // 2 December 2026, where the kiosk stands

describe('whether the medical card on file has expired', () => {
  it('is expired from the day after its expiry', () => {
    expect(expiredCardOn({ expiresOn: '2026-12-01' }, today)).toBe('2026-12-01');
    expect(expiredCardOn({ expiresOn: '2025-06-30' }, today)).toBe('2025-06-30');
  });

  it('is still valid on its expiry day and after; no card is never expired', () => {
    expect(expiredCardOn({ expiresOn: '2026-12-02' }, today)).toBeNull();
    expect(expiredCardOn({ expiresOn: '2027-06-30' }, today)).toBeNull();
    expect(expiredCardOn(null, today)).toBeNull();
    expect(expiredCardOn(undefined, today)).toBeNull();
  });
});

describe('the new expiry typed on the keypad', () => {
  it('takes a real date from today on, as YYYY-MM-DD', () => {
    expect(checkCardExpiry('06302027', today)).toEqual({ ok: true, isoDate: '2027-06-30' });
    expect(checkCardExpiry('12022026', today)).toEqual({ ok: true, isoDate: '2026-12-02' });
  });

  it('says what is wrong: too few digits, no such month or day, already passed, a year too far', () => {
    expect(checkCardExpiry('063020', today)).toEqual({ ok: false, message: expect.stringContaining('8 digits') });
    expect(checkCardExpiry('13012027', today)).toEqual({ ok: false, message: 'The month is 01 to 12.' });
    expect(checkCardExpiry('02302027', today)).toEqual({ ok: false, message: 'That month has no day 30.' });
    expect(checkCardExpiry('12012026', today)).toEqual({ ok: false, message: expect.stringContaining('passed') });
    expect(checkCardExpiry('01012099', today)).toEqual({ ok: false, message: 'Check the year.' });
  });
});
