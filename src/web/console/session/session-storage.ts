/**
 * Where the console keeps its sign-in between page loads: the session token and its expiry, in the
 * tab's sessionStorage (gone when the tab closes, never shared with other tabs or sent anywhere). The
 * signed-in person's name and email are not kept: they are read again from `GET /me` on load.
 * The page to return to after an expired session is a path of the console (ids, never names).
 */
export interface StoredSession {
  token: string;
  /** ISO instant from `POST /auth/login`. */
  expiresAt: string;
}

const SESSION_KEY = 'patron.console.session';
const RETURN_KEY = 'patron.console.returnTo';

/** The stored session, unless there is none, it is unreadable, or it has expired by `now`. */
export function readStoredSession(storage: Storage, now: Date): StoredSession | null {
  const raw = storage.getItem(SESSION_KEY);
  if (raw === null) return null;
  try {
    const value = JSON.parse(raw) as Partial<StoredSession>;
    if (typeof value.token !== 'string' || typeof value.expiresAt !== 'string') return null;
    const expires = Date.parse(value.expiresAt);
    if (Number.isNaN(expires) || expires <= now.getTime()) return null;
    return { token: value.token, expiresAt: value.expiresAt };
  } catch {
    return null;
  }
}

export function storeSession(storage: Storage, session: StoredSession): void {
  storage.setItem(SESSION_KEY, JSON.stringify(session));
}

export function forgetSession(storage: Storage): void {
  storage.removeItem(SESSION_KEY);
}

/** Remembers where the person was when their session ended, to take them back after signing in. */
export function rememberReturnPath(storage: Storage, path: string): void {
  if (isConsolePath(path)) storage.setItem(RETURN_KEY, path);
}

/** The remembered page (once: it is forgotten as it is read), or null. */
export function takeReturnPath(storage: Storage): string | null {
  const path = storage.getItem(RETURN_KEY);
  storage.removeItem(RETURN_KEY);
  return path !== null && isConsolePath(path) ? path : null;
}

/** A path inside the console: not the sign-in page itself, not another site (`//host`), not the kiosk. */
function isConsolePath(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/sign-in') && !path.startsWith('/kiosk');
}
