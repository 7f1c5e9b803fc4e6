/**
 * What every kiosk screen reaches: the flow's state and dispatch, the kiosk's store (its name, the
 * consent wording to show), the kiosk key, and the staff exit. Provided by kiosk-app.tsx.
 */
import { createContext, type Dispatch, useContext } from 'react';
import type { ApiFailure } from '../api/api-client.ts';
import type { KioskAction, KioskState } from './flow.ts';

/** GET /api/v1/kiosk/store: what the kiosk shows about its store, and the words of its consents. */
export interface KioskStore {
  store: { id: string; name: string; state: string | null; timezone: string };
  consentWording: { sms: string; email: string };
  ageRules: { adultMinimumAge: number; medicalMinimumAge: number };
}

export interface KioskContextValue {
  state: KioskState;
  dispatch: Dispatch<KioskAction>;
  kioskKey: string;
  store: KioskStore;
  /**
   * Handles the failures every screen meets alike and says whether it did: a lost network shows the
   * retry screen over the current one (which stays as it was, typed input and all) and `retry` runs
   * on "Try again"; a 429 shows "Too many tries". Anything else is the screen's to show.
   */
  failed: (failure: ApiFailure, retry: () => void) => boolean;
}

export const KioskContext = createContext<KioskContextValue | null>(null);

export function useKiosk(): KioskContextValue {
  const value = useContext(KioskContext);
  if (!value) throw new Error('useKiosk outside <KioskContext>');
  return value;
}
