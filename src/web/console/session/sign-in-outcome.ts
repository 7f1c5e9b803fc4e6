/**
 * What a sign-in answer means to the person at the sign-in form: a session, or one readable sentence
 * (and the field it belongs to, when the API named one). Pure, so each wording is unit-tested.
 */
import type { ApiFailure } from '../../api/api-client.ts';

export type SignInProblem = { message: string; field: 'email' | 'password' | null };

export function signInProblem(failure: ApiFailure): SignInProblem {
  if (failure.kind === 'network') {
    return { message: "Can't reach Patron. Check the connection and try again.", field: null };
  }
  switch (failure.status) {
    case 401:
      return { message: 'Wrong email or password.', field: null };
    case 429:
      return {
        message: `Too many attempts, try again in ${waitInWords(failure.retryAfterSeconds ?? null)}.`,
        field: null,
      };
    case 422: {
      const email = failure.errors.find((error) => error.path === 'email');
      if (email) return { message: 'Enter your email address, like name@dispensary.com.', field: 'email' };
      return { message: 'Enter your password.', field: 'password' };
    }
    default:
      return { message: failure.detail || failure.title, field: null };
  }
}

/** "5 minutes", "1 minute", "30 seconds"; a few minutes when the server did not say. */
export function waitInWords(seconds: number | null): string {
  if (seconds === null) return 'a few minutes';
  if (seconds < 60) {
    const s = Math.max(1, seconds);
    return `${s} second${s === 1 ? '' : 's'}`;
  }
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
