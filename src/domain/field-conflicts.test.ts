import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FieldKind, resolveField } from './field-conflicts.ts';

const eq = (a: unknown, b: unknown) => a === b;
const NOW = 1_000_000;

function decide(
  local: string | boolean | null,
  pos: string | boolean | null,
  base: string | boolean | null | undefined,
  localAt: number | null,
  posAt: number | null,
  kind: FieldKind = 'plain',
) {
  return resolveField({ local, pos, base, localChangedAt: localAt, posChangedAt: posAt, kind }, eq, NOW);
}

describe('field-level conflict resolution', () => {
  it('does nothing when both sides hold the same value', () => {
    expect(decide('a', 'a', 'b', 1, 2)).toBe('same');
  });

  it('keeps the local value when the POS still holds what it held before (an echo or an untouched field)', () => {
    expect(decide('new', 'old', 'old', 1, 999)).toBe('keep-local');
  });

  it('takes the POS value when only the POS changed the field', () => {
    expect(decide('old', 'new', 'old', 999, 1)).toBe('take-pos');
  });

  it('lets the newer side win when both changed the field', () => {
    expect(decide('mine', 'theirs', 'base', 10, 20)).toBe('take-pos');
    expect(decide('mine', 'theirs', 'base', 20, 10)).toBe('keep-local');
  });

  it('keeps a disagreement on an identity field (date of birth, ID number) as a conflict', () => {
    expect(decide('1980-01-01', '1981-01-01', undefined, 1, 2, 'identity')).toBe('conflict');
    expect(decide('1980-01-01', '1981-01-01', '1980-01-01', 1, 2, 'identity')).toBe('conflict');
  });

  it('pushes a local identity change the POS has not touched', () => {
    expect(decide('1980-01-02', '1980-01-01', '1980-01-01', 1, 2, 'identity')).toBe('keep-local');
  });

  it('an opt-out wins over an opt-in that is not newer, on either side', () => {
    expect(decide(false, true, undefined, 10, 10, 'consent')).toBe('keep-local');
    expect(decide(true, false, undefined, 10, 10, 'consent')).toBe('take-pos');
    expect(decide(true, false, undefined, 20, 10, 'consent')).toBe('keep-local');
  });

  it('property: an unpushed local edit never loses to an older POS value', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.option(fc.string(), { nil: undefined }),
        fc.integer({ min: 0, max: NOW }),
        fc.integer({ min: 0, max: NOW }),
        (local, pos, base, localAt, posAt) => {
          // A local edit: the local value is not what the POS was last known to hold.
          fc.pre(posAt < localAt && local !== base);
          expect(decide(local, pos, base, localAt, posAt)).not.toBe('take-pos');
        },
      ),
    );
  });

  it('property: a POS value equal to the base never overwrites the local value', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.nat(),
        fc.nat(),
        fc.constantFrom<FieldKind>('plain', 'identity'),
        (l, p, a, b, k) => {
          expect(['same', 'keep-local']).toContain(decide(l, p, p, a, b, k));
        },
      ),
    );
  });

  it('property: when both sides changed consent, an opt-out wins against any opt-in that is not strictly newer', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.nat(NOW), fc.nat(NOW), (localOut, outAt, inAt) => {
        const base = undefined;
        fc.pre(inAt <= outAt);
        const [local, pos, localAt, posAt] = localOut ? [false, true, outAt, inAt] : [true, false, inAt, outAt];
        const decision = decide(local, pos, base, localAt, posAt, 'consent');
        const kept = decision === 'take-pos' ? pos : local;
        expect(kept).toBe(false);
      }),
    );
  });
});
