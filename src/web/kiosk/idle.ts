/**
 * The kiosk's idle rule: after 60 s without a touch, a 20 s warning with "I'm still here"; then back
 * to the start with everything cleared. WCAG 2.2.1 (Timing Adjustable): the person is warned and can
 * extend with one touch, and 20 s is the criterion's minimum for that warning.
 */
export const IDLE_MS = 60_000;
export const WARNING_MS = 20_000;

export type IdlePhase = { phase: 'active' } | { phase: 'warning'; secondsLeft: number } | { phase: 'expired' };

export function idlePhase(lastActivityAt: number, now: number, idleMs = IDLE_MS, warningMs = WARNING_MS): IdlePhase {
  const idle = now - lastActivityAt;
  if (idle < idleMs) return { phase: 'active' };
  if (idle < idleMs + warningMs)
    return { phase: 'warning', secondsLeft: Math.ceil((idleMs + warningMs - idle) / 1000) };
  return { phase: 'expired' };
}
