/**
 * The console's sign-in state: checking a stored session on load (`GET /me`), signed out (and
 * whether it was because the session ended), or signed in with the person's role. A session ends
 * when it reaches its expiry or when the API answers 401 to it (revoked, user deactivated); the
 * console then shows the sign-in form and goes back to the page after (console-app.tsx).
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { callApi } from '../../api/api-client.ts';
import { isStaffRole, type StaffRole } from '../roles.ts';
import { forgetSession, readStoredSession, storeSession } from './session-storage.ts';
import { type SignInProblem, signInProblem } from './sign-in-outcome.ts';

export interface ConsoleUser {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  orgId: string;
}

export type SessionState =
  | { status: 'checking' }
  /** `noSession`: none on load; `ended`: expired or refused by the API; `signedOut`: the person chose to. */
  | { status: 'signedOut'; reason: 'noSession' | 'ended' | 'signedOut' }
  | { status: 'signedIn'; token: string; expiresAt: string; user: ConsoleUser };

export type SignedIn = Extract<SessionState, { status: 'signedIn' }>;

interface SessionContextValue {
  state: SessionState;
  signIn(email: string, password: string): Promise<SignInProblem | null>;
  signOut(): void;
  /** The API refused this session (401): it is over; back to sign-in, then to this page. */
  sessionEnded(): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

interface LoginAnswer {
  token: string;
  expiresAt: string;
  user: { id: string; email: string; name: string; role: string; orgId: string };
}

function consoleUserOf(user: LoginAnswer['user']): ConsoleUser | null {
  return isStaffRole(user.role) ? { ...user, role: user.role } : null;
}

export function SessionProvider({ children, onSignedOut }: { children: ReactNode; onSignedOut: () => void }) {
  const [state, setState] = useState<SessionState>({ status: 'checking' });

  const end = useCallback(
    (reason: 'ended' | 'signedOut') => {
      forgetSession(sessionStorage);
      onSignedOut();
      setState({ status: 'signedOut', reason });
    },
    [onSignedOut],
  );

  // On load: a session kept from before this page load is used only if the API still takes it.
  useEffect(() => {
    const stored = readStoredSession(sessionStorage, new Date());
    if (!stored) {
      forgetSession(sessionStorage);
      setState({ status: 'signedOut', reason: 'noSession' });
      return;
    }
    let live = true;
    void callApi<LoginAnswer['user']>('/me', { token: stored.token }).then((answer) => {
      if (!live) return;
      const user = answer.ok ? consoleUserOf(answer.body) : null;
      if (user) setState({ status: 'signedIn', ...stored, user });
      else end('ended');
    });
    return () => {
      live = false;
    };
  }, [end]);

  // A session ends at its expiry even if the console makes no call then.
  useEffect(() => {
    if (state.status !== 'signedIn') return;
    const wait = Date.parse(state.expiresAt) - Date.now();
    const timer = setTimeout(() => end('ended'), Math.max(0, Math.min(wait, 2 ** 31 - 1)));
    return () => clearTimeout(timer);
  }, [state, end]);

  const signIn = useCallback(async (email: string, password: string): Promise<SignInProblem | null> => {
    const answer = await callApi<LoginAnswer>('/auth/login', { method: 'POST', body: { email, password } });
    if (!answer.ok) return signInProblem(answer.failure);
    const user = consoleUserOf(answer.body.user);
    if (!user) return { message: 'This sign-in is not a staff account.', field: null };
    storeSession(sessionStorage, { token: answer.body.token, expiresAt: answer.body.expiresAt });
    setState({ status: 'signedIn', token: answer.body.token, expiresAt: answer.body.expiresAt, user });
    return null;
  }, []);

  const signOut = useCallback(() => {
    if (state.status === 'signedIn') void callApi('/auth/logout', { method: 'POST', token: state.token });
    end('signedOut');
  }, [state, end]);

  const sessionEnded = useCallback(() => end('ended'), [end]);

  const value = useMemo(() => ({ state, signIn, signOut, sessionEnded }), [state, signIn, signOut, sessionEnded]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside <SessionProvider>');
  return value;
}

/** The signed-in person; only under the console's shell, which renders only when signed in. */
export function useSignedIn(): SignedIn {
  const { state } = useSession();
  if (state.status !== 'signedIn') throw new Error('useSignedIn outside a signed-in page');
  return state;
}
