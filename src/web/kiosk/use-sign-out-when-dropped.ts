/**
 * Signs a staff token out on the server once the component stops holding it: the next step, cancel,
 * the idle timeout or an unmount. So a staff session never outlives the job it was opened for, and
 * the token is nowhere but in that component's memory meanwhile.
 */
import { useEffect } from 'react';
import { signOutStaff } from './staff-calls.ts';

export function useSignOutWhenDropped(token: string | null): void {
  useEffect(() => {
    if (!token) return;
    return () => signOutStaff(token);
  }, [token]);
}
