/**
 * The staff calls the kiosk makes: signing a staff member in to set the kiosk up or to leave kiosk
 * mode, signing them out again, and checking a kiosk key. The staff token lives only in the memory of
 * the screen that asked for it and is signed out as soon as the job is done (or abandoned).
 */
import { callApi } from '../api/api-client.ts';
import type { KioskStore } from './kiosk-context.ts';

export type StaffSignIn = { ok: true; token: string } | { ok: false; message: string };

export async function signInStaff(email: string, password: string): Promise<StaffSignIn> {
  const answer = await callApi<{ token: string }>('/auth/login', { method: 'POST', body: { email, password } });
  if (answer.ok) return { ok: true, token: answer.body.token };
  const { failure } = answer;
  if (failure.kind === 'network') return { ok: false, message: "Can't reach the server. Check the connection." };
  if (failure.status === 401) return { ok: false, message: 'Wrong email or password.' };
  if (failure.status === 429) return { ok: false, message: 'Too many attempts, try again later.' };
  if (failure.status === 422) return { ok: false, message: 'Enter an email address and a password.' };
  return { ok: false, message: failure.detail || failure.title };
}

/** Ends the staff session on the server; a failure leaves it to expire by itself (nothing else to do). */
export function signOutStaff(token: string): void {
  void callApi('/auth/logout', { method: 'POST', token });
}

export type KioskKeyCheck = { ok: true; store: KioskStore } | { ok: false; message: string };

/** Whether `key` is a working kiosk key: GET /kiosk/store answers only to kiosk keys. */
export async function checkKioskKey(key: string): Promise<KioskKeyCheck> {
  const answer = await callApi<KioskStore>('/kiosk/store', { token: key });
  if (answer.ok) return { ok: true, store: answer.body };
  const { failure } = answer;
  if (failure.kind === 'network') return { ok: false, message: "Can't reach the server. Check the connection." };
  if (failure.status === 401 || failure.status === 403) {
    return { ok: false, message: 'That is not a kiosk key. Copy the whole key (it starts with pk_).' };
  }
  return { ok: false, message: failure.detail || failure.title };
}
