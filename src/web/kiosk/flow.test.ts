import { describe, expect, it } from 'vitest';
import {
  callNameOf,
  holdsPersonalData,
  initialKioskState,
  type KioskAction,
  type KioskState,
  kioskReducer,
} from './flow.ts';

const kathleen = { token: 'ct_secret', customerId: 'c-1', firstName: 'Kathleen', lastInitial: 'S' };

function run(...actions: KioskAction[]): KioskState {
  return actions.reduce(kioskReducer, initialKioskState());
}

describe('the kiosk flow', () => {
  it('starts on the phone keypad with nothing typed and no one identified', () => {
    const state = initialKioskState();
    expect(state.screen).toEqual({ name: 'phone' });
    expect(state.identified).toBeNull();
    expect(holdsPersonalData(state)).toBe(false);
  });

  it('an identification shows "Is this you?" and keeps the token for the next steps', () => {
    const state = run({ type: 'setPhone', digits: '7025550123' }, { type: 'identified', who: kathleen });
    expect(state.screen).toEqual({ name: 'confirm' });
    expect(state.identified?.token).toBe('ct_secret');
  });

  it('confirming leads to the welcome screen; a check-in shows the name the budtender calls', () => {
    const state = run(
      { type: 'identified', who: kathleen },
      { type: 'confirmed' },
      { type: 'checkedIn', orderRef: 'K-1' },
    );
    expect(state.screen).toEqual({ name: 'checkedIn', callName: 'Kathleen S.', orderRef: 'K-1' });
  });

  it('confirming or checking in with no one identified changes nothing', () => {
    const start = initialKioskState();
    expect(kioskReducer(start, { type: 'confirmed' })).toBe(start);
    expect(kioskReducer(start, { type: 'checkedIn', orderRef: 'K-1' })).toBe(start);
  });

  it('a signup identifies the new customer and says they are signed up', () => {
    const state = run({ type: 'signedUp', who: kathleen });
    expect(state.screen).toEqual({ name: 'welcome', note: 'signedUp' });
    expect(state.identified).toEqual(kathleen);
  });

  it('a signup of someone already signed up, found by phone and birthday, welcomes them as such', () => {
    const state = run({ type: 'show', screen: { name: 'signup' } }, { type: 'alreadySignedUp', who: kathleen });
    expect(state.screen).toEqual({ name: 'welcome', note: 'alreadySignedUp' });
    expect(state.identified).toEqual(kathleen);
  });

  it('a reset forgets the phone, the birthday, the token and the screen, and starts a new visit', () => {
    const before = run(
      { type: 'setPhone', digits: '7025550123' },
      { type: 'setBirthDate', digits: '04021988' },
      { type: 'identified', who: kathleen },
    );
    const after = kioskReducer(before, { type: 'reset' });
    expect(after).toEqual({ ...initialKioskState(), visit: before.visit + 1 });
    expect(JSON.stringify(after)).not.toContain('7025550123');
    expect(JSON.stringify(after)).not.toContain('ct_secret');
  });

  it('a screen other than the start, or anything typed, counts as personal data (the idle timer watches it)', () => {
    expect(holdsPersonalData(run({ type: 'setPhone', digits: '7' }))).toBe(true);
    expect(holdsPersonalData(run({ type: 'show', screen: { name: 'signup' } }))).toBe(true);
  });

  it('the call name is the first name and last initial, or the first name alone', () => {
    expect(callNameOf({ firstName: 'Ana', lastInitial: 'G' })).toBe('Ana G.');
    expect(callNameOf({ firstName: 'Ana', lastInitial: '' })).toBe('Ana');
  });
  it('confirming a medical customer whose card expired asks for the new expiry before the welcome', () => {
    const state = run({ type: 'identified', who: kathleen }, { type: 'confirmed', cardExpiredOn: '2025-06-30' });
    expect(state.screen).toEqual({ name: 'renewCard', expiredOn: '2025-06-30' });
    expect(state.identified).toEqual(kathleen);
  });

  it('after the card renewal the welcome says staff will check the card, or nothing when skipped', () => {
    const renewing = run({ type: 'identified', who: kathleen }, { type: 'confirmed', cardExpiredOn: '2025-06-30' });
    expect(kioskReducer(renewing, { type: 'cardRenewalDone', asked: true }).screen).toEqual({
      name: 'welcome',
      note: 'cardRenewalAsked',
    });
    expect(kioskReducer(renewing, { type: 'cardRenewalDone', asked: false }).screen).toEqual({
      name: 'welcome',
      note: null,
    });
    expect(kioskReducer(initialKioskState(), { type: 'cardRenewalDone', asked: true })).toEqual(initialKioskState());
  });

  it('an erasure forgets the token and everything typed at once, and shows the thank-you', () => {
    const before = run(
      { type: 'setPhone', digits: '7025550123' },
      { type: 'setBirthDate', digits: '04021988' },
      { type: 'identified', who: kathleen },
      { type: 'confirmed' },
    );
    const after = kioskReducer(before, { type: 'erased' });
    expect(after.screen).toEqual({ name: 'erased' });
    expect(after.identified).toBeNull();
    expect(JSON.stringify(after)).not.toContain('ct_secret');
    expect(JSON.stringify(after)).not.toContain('7025550123');
    // The thank-you is not the start: the idle timer still brings the kiosk back to it.
    expect(holdsPersonalData(after)).toBe(true);
    expect(kioskReducer(after, { type: 'reset' })).toEqual(initialKioskState(before.visit + 1));
  });

  it('drops an answer sent for a visit that has ended, so a late identify cannot restore the previous person', () => {
    const typed = run({ type: 'setPhone', digits: '7025550123' });
    const next = kioskReducer(typed, { type: 'reset' });
    const late = kioskReducer(next, { type: 'identified', who: kathleen, forVisit: typed.visit });
    expect(late).toEqual(next);
    expect(late.identified).toBeNull();
    const current = kioskReducer(next, { type: 'identified', who: kathleen, forVisit: next.visit });
    expect(current.identified?.firstName).toBe('Kathleen');
  });
});
