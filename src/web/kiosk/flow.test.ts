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
});
