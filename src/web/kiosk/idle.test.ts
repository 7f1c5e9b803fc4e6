import { describe, expect, it } from 'vitest';
import { IDLE_MS, idlePhase, WARNING_MS } from './idle.ts';

describe('the idle rule', () => {
  it('is quiet for 60 s, warns for 20 s with the seconds left, then expires', () => {
    expect(IDLE_MS).toBe(60_000);
    expect(WARNING_MS).toBe(20_000);
    expect(idlePhase(0, 59_999)).toEqual({ phase: 'active' });
    expect(idlePhase(0, 60_000)).toEqual({ phase: 'warning', secondsLeft: 20 });
    expect(idlePhase(0, 79_001)).toEqual({ phase: 'warning', secondsLeft: 1 });
    expect(idlePhase(0, 80_000)).toEqual({ phase: 'expired' });
  });
});
