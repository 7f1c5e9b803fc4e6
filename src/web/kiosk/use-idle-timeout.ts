/**
 * Watches touches, clicks and keys while `watching`; reports the idle phase (idle.ts) every quarter
 * second. `stillHere` restarts the clock (the warning's button).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { type IdlePhase, idlePhase } from './idle.ts';

const ACTIVITY = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;

export function useIdleTimeout(watching: boolean, onExpired: () => void): { phase: IdlePhase; stillHere: () => void } {
  const lastActivity = useRef(Date.now());
  const [phase, setPhase] = useState<IdlePhase>({ phase: 'active' });
  const stillHere = useCallback(() => {
    lastActivity.current = Date.now();
    setPhase({ phase: 'active' });
  }, []);

  useEffect(() => {
    if (!watching) return;
    lastActivity.current = Date.now();
    const touched = () => {
      lastActivity.current = Date.now();
    };
    for (const event of ACTIVITY) document.addEventListener(event, touched, { capture: true, passive: true });
    const timer = setInterval(() => {
      const next = idlePhase(lastActivity.current, Date.now());
      if (next.phase === 'expired') onExpired();
      setPhase((current) =>
        current.phase === next.phase &&
        (next.phase !== 'warning' || (current.phase === 'warning' && current.secondsLeft === next.secondsLeft))
          ? current
          : next,
      );
    }, 250);
    return () => {
      clearInterval(timer);
      for (const event of ACTIVITY) document.removeEventListener(event, touched, { capture: true });
      setPhase({ phase: 'active' });
    };
  }, [watching, onExpired]);

  return { phase, stillHere };
}
