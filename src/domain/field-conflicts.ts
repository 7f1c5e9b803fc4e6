/**
 * Field-level conflict resolution between Patron and one POS (DESIGN "Conflicts"). A three-way
 * decision per field: the local value with the time it last changed here, the POS value with the
 * record's change time there (vendors keep no per-field times), and the base, what that POS held as
 * far as Patron last knew (after the last pull or push). A POS value equal to the base is no change
 * at the POS (our own echo, or a field the budtender did not touch), so it never overwrites a local
 * edit; a local value equal to the base means only the POS changed it. When both changed, the newer
 * side wins, so an unpushed local edit never loses to an older POS value. Dates of birth and ID
 * numbers are never guessed: a POS change that disagrees becomes a conflict for a manager. Consent is
 * the exception to "newer wins": an opt-out wins over an opt-in that is not newer.
 */

export type FieldKind = 'plain' | 'identity' | 'consent';

export interface FieldSides<V> {
  local: V;
  /** When the local value last changed (epoch ms); `null` when unknown (treated as oldest). */
  localChangedAt: number | null;
  pos: V;
  /** The POS record's change time (epoch ms); `null` when the vendor does not say (treated as now). */
  posChangedAt: number | null;
  /** What the POS held as far as Patron knew; `undefined` when Patron never saw or wrote it. */
  base: V | undefined;
  kind: FieldKind;
}

/** `keep-local`: the POS is to be corrected by a push. `take-pos`: the local record takes the POS value. */
export type FieldDecision = 'same' | 'keep-local' | 'take-pos' | 'conflict';

export function resolveField<V>(sides: FieldSides<V>, equal: (a: V, b: V) => boolean, now: number): FieldDecision {
  const { local, pos, base, kind } = sides;
  if (equal(local, pos)) return 'same';
  const posChanged = base === undefined || !equal(pos, base);
  if (!posChanged) return 'keep-local';
  const localChanged = base === undefined || !equal(local, base);
  if (kind === 'identity') return 'conflict';
  if (!localChanged) return 'take-pos';
  const localAt = sides.localChangedAt ?? Number.NEGATIVE_INFINITY;
  const posAt = sides.posChangedAt ?? now;
  if (kind === 'consent' && (local === false || pos === false)) {
    // The opt-out wins unless the opt-in is strictly newer.
    const optOutIsLocal = local === false;
    const optInAt = optOutIsLocal ? posAt : localAt;
    const optOutAt = optOutIsLocal ? localAt : posAt;
    if (optInAt > optOutAt) return optOutIsLocal ? 'take-pos' : 'keep-local';
    return optOutIsLocal ? 'keep-local' : 'take-pos';
  }
  return posAt > localAt ? 'take-pos' : 'keep-local';
}
