/**
 * The consent precedence rule as properties: of one channel's statements, the latest wins, an opt-out
 * wins a tie in time, and which statement is current never depends on the order they are read in.
 * Times are drawn from a few instants so that ties are common, not a rare accident of the generator.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONSENT_PRECEDENCE, comparePrecedence, currentStatement, type RankedStatement } from './consent-precedence.ts';
import { CONSENT_SOURCES } from './consent-statements.ts';

const BASE = Date.parse('2026-03-01T10:00:00Z');
const instant = fc.integer({ min: 0, max: 3 }).map((i) => BASE + i * 60_000);

const statement: fc.Arbitrary<RankedStatement> = fc
  .record({
    granted: fc.boolean(),
    at: instant,
    // Recorded when said or later (a POS or an import reports earlier choices).
    delay: fc.integer({ min: 0, max: 2 }).map((i) => i * 1_000),
    // The fixed sources, and the other words older rows may hold (any code point, astral ones too).
    source: fc.oneof(fc.constantFrom(...CONSENT_SOURCES), fc.string({ unit: 'binary', maxLength: 3 })),
  })
  .map(({ granted, at, delay, source }) => ({ granted, at: new Date(at), recordedAt: new Date(at + delay), source }));

const statements = fc.array(statement, { minLength: 1, maxLength: 12 });

/** What precedence looks at, for comparing two picks that may be different but alike objects. */
const key = (s: RankedStatement | undefined) =>
  s && { granted: s.granted, at: s.at.getTime(), recordedAt: s.recordedAt.getTime(), source: s.source };

const at = (iso: string, granted: boolean, recorded = iso, source = 'staff'): RankedStatement => ({
  granted,
  at: new Date(iso),
  recordedAt: new Date(recorded),
  source,
});

describe('consent precedence', () => {
  it('lets an opt-out win over an opt-in given at the same time, whichever was recorded last', () => {
    const optIn = at('2026-03-01T10:00:00Z', true, '2026-03-01T10:05:00Z');
    const optOut = at('2026-03-01T10:00:00Z', false, '2026-03-01T10:01:00Z');
    expect(currentStatement([optIn, optOut])).toBe(optOut);
    expect(currentStatement([optOut, optIn])).toBe(optOut);
  });

  it('lets a later opt-in win over an earlier opt-out', () => {
    const optOut = at('2026-03-01T10:00:00Z', false);
    const optIn = at('2026-03-01T10:00:01Z', true);
    expect(currentStatement([optOut, optIn])).toBe(optIn);
  });

  it('has no current statement when none was made', () => {
    expect(currentStatement([])).toBeUndefined();
  });

  it('picks a statement that prevails over, or is alike to, every statement given', () => {
    fc.assert(
      fc.property(statements, (all) => {
        const current = currentStatement(all);
        expect(all).toContain(current);
        for (const s of all) expect(comparePrecedence(current!, s)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it('picks the same statement whatever order the statements come in', () => {
    const withShuffle = statements.chain((all) =>
      fc.tuple(fc.constant(all), fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length })),
    );
    fc.assert(
      fc.property(withShuffle, ([all, shuffled]) => {
        expect(key(currentStatement(shuffled))).toEqual(key(currentStatement(all)));
      }),
    );
  });

  it('lets an opt-out given at the same time as the current opt-in win', () => {
    fc.assert(
      fc.property(statements, statement, fc.nat(), (all, extra, position) => {
        const current = currentStatement(all)!;
        const optOut = { ...extra, granted: false, at: current.at };
        const withOptOut = all.toSpliced(position % (all.length + 1), 0, optOut);
        const now = currentStatement(withOptOut)!;
        expect([now.granted, now.at.getTime()]).toEqual([false, current.at.getTime()]);
      }),
    );
  });

  it('lets a statement later than all others win, opt-in or opt-out', () => {
    fc.assert(
      fc.property(statements, statement, fc.nat(), (all, extra, position) => {
        const latest = Math.max(...all.map((s) => s.at.getTime()));
        const later = { ...extra, at: new Date(latest + 1), recordedAt: new Date(latest + 1) };
        expect(currentStatement(all.toSpliced(position % (all.length + 1), 0, later))).toBe(later);
      }),
    );
  });

  it('orders like a sort: antisymmetric, and the first of a sorted ledger is the current statement', () => {
    fc.assert(
      fc.property(statements, (all) => {
        for (const a of all)
          for (const b of all)
            expect(Math.sign(comparePrecedence(a, b))).toBe(-Math.sign(comparePrecedence(b, a)) || 0);
        expect(key(all.toSorted(comparePrecedence)[0])).toEqual(key(currentStatement(all)));
      }),
    );
  });

  it('states the rule as data the SQL path can follow: time first, then the opt-out', () => {
    expect(CONSENT_PRECEDENCE.slice(0, 2)).toEqual([
      { field: 'at', prevails: 'greatest' },
      { field: 'granted', prevails: 'least' },
    ]);
  });
});
