/**
 * The kiosk's screens as a state machine: which screen shows, what the customer has typed, and whom
 * they were identified as (with the customer token). Pure, so it is unit-tested; the screens
 * dispatch its actions and kiosk-app.tsx performs the API calls between them.
 *
 * Everything personal lives in this state and in the screens' own state, and nowhere else (no URL,
 * no storage): `reset` returns to the start and bumps `visit`, which remounts every screen, so
 * nothing typed or answered survives the person leaving.
 */

/** Who the kiosk identified (or signed up), with the token acting as them. */
export interface Identified {
  token: string;
  customerId: string;
  firstName: string;
  lastInitial: string;
}

/** What the welcome screen says first: just signed up, found instead of signed up, a card renewal sent to staff. */
export type WelcomeNote = 'signedUp' | 'alreadySignedUp' | 'cardRenewalAsked';

export type KioskScreen =
  /** The start: "Check in" with the phone keypad. */
  | { name: 'phone' }
  | { name: 'birthDate' }
  /** "Is this you? Kathleen S." */
  | { name: 'confirm' }
  /** The same screen for an unknown phone and a wrong birthday (the API answers both alike). */
  | { name: 'notFound' }
  /** Identified (or just signed up): check in, or look at the profile. */
  | { name: 'welcome'; note: WelcomeNote | null }
  | { name: 'signup' }
  /** A signup under the minimum age of the type chosen: refused kindly, nothing sent or stored. */
  | { name: 'underage'; customerType: 'adult' | 'medical' }
  | { name: 'profile' }
  /** A medical customer whose card on file expired (on `expiredOn`, YYYY-MM-DD): the new expiry, for staff to confirm. */
  | { name: 'renewCard'; expiredOn: string }
  /** The customer erased themselves: their token has ended; a thank-you, then the start. */
  | { name: 'erased' }
  | { name: 'checkedIn'; callName: string; orderRef: string }
  /** 429 from identify or signup: no count-down, nothing that tells how close a guess came. */
  | { name: 'tooManyTries' };

export interface KioskState {
  /** Bumped by every reset; screens are keyed by it, so their local state goes with the person. */
  visit: number;
  screen: KioskScreen;
  phoneDigits: string;
  birthDateDigits: string;
  identified: Identified | null;
}

export type KioskAction =
  | { type: 'setPhone'; digits: string }
  | { type: 'setBirthDate'; digits: string }
  | { type: 'show'; screen: KioskScreen }
  | { type: 'identified'; who: Identified }
  | { type: 'signedUp'; who: Identified }
  /** "Yes, that's me"; `cardExpiredOn` when their medical card on file has expired (GET /me told). */
  | { type: 'confirmed'; cardExpiredOn?: string | null }
  /** The new card's expiry was sent (held for staff), or the customer chose to go on without it. */
  | { type: 'cardRenewalDone'; asked: boolean }
  /** Their erasure was carried out: the token is dead, so it is forgotten with everything else. */
  | { type: 'erased' }
  /** A signup found the person already signed up, and identify (phone + birthday) found them. */
  | { type: 'alreadySignedUp'; who: Identified }
  | { type: 'checkedIn'; orderRef: string }
  /** Not me, done, idle timeout, erased: back to the start with nothing kept. */
  | { type: 'reset' };

export function initialKioskState(visit = 0): KioskState {
  return { visit, screen: { name: 'phone' }, phoneDigits: '', birthDateDigits: '', identified: null };
}

/**
 * An action sent on behalf of one visit: a screen's answer that arrives after that person's visit
 * ended (idle timeout, "Not me", staff exit) is dropped, so a late identify or order answer can never
 * put the previous person back on the screen of the next one.
 */
export type KioskVisitAction = KioskAction & { forVisit?: number };

export function kioskReducer(state: KioskState, action: KioskVisitAction): KioskState {
  if (action.forVisit !== undefined && action.forVisit !== state.visit) return state;
  switch (action.type) {
    case 'setPhone':
      return { ...state, phoneDigits: action.digits };
    case 'setBirthDate':
      return { ...state, birthDateDigits: action.digits };
    case 'show':
      return { ...state, screen: action.screen };
    case 'identified':
      return { ...state, identified: action.who, screen: { name: 'confirm' } };
    case 'signedUp':
      return { ...state, identified: action.who, screen: { name: 'welcome', note: 'signedUp' } };
    case 'alreadySignedUp':
      return { ...state, identified: action.who, screen: { name: 'welcome', note: 'alreadySignedUp' } };
    case 'confirmed':
      if (!state.identified) return state;
      return action.cardExpiredOn
        ? { ...state, screen: { name: 'renewCard', expiredOn: action.cardExpiredOn } }
        : { ...state, screen: { name: 'welcome', note: null } };
    case 'cardRenewalDone':
      return state.identified
        ? { ...state, screen: { name: 'welcome', note: action.asked ? 'cardRenewalAsked' : null } }
        : state;
    case 'erased':
      // Not a reset yet: the thank-you shows first, but nothing of the person is left to show it with.
      return { ...initialKioskState(state.visit), screen: { name: 'erased' } };
    case 'checkedIn':
      return state.identified
        ? { ...state, screen: { name: 'checkedIn', callName: callNameOf(state.identified), orderRef: action.orderRef } }
        : state;
    case 'reset':
      return initialKioskState(state.visit + 1);
  }
}

/** The name the budtender calls out: first name and last initial, as the identify answer gives them. */
export function callNameOf(who: Pick<Identified, 'firstName' | 'lastInitial'>): string {
  return who.lastInitial ? `${who.firstName} ${who.lastInitial}.` : who.firstName;
}

/** Whether the screen shows anything of a person (the idle timer runs only then). */
export function holdsPersonalData(state: KioskState): boolean {
  return (
    state.identified !== null ||
    state.phoneDigits !== '' ||
    state.birthDateDigits !== '' ||
    state.screen.name !== 'phone'
  );
}
