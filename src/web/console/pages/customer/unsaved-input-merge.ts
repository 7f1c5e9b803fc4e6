/**
 * The edit form's answer to a 412: someone else saved the customer since the form was opened. The
 * form reloads with the new values, except on the fields the person edited, whose unsaved input is
 * kept. Pure, so it is tested without a DOM.
 */

export type FormValues = Record<string, string>;

export interface UnsavedMerge {
  /** What the form shows now: the new saved values, and the person's input where they edited. */
  values: FormValues;
  /** Fields someone else changed between the version the edit started from and the new one. */
  changedElsewhere: string[];
  /** Of those, the ones the person also edited (their input is kept: they decide). */
  bothChanged: string[];
}

/** Fields whose input differs from the version the edit started from. */
export function editedFields(base: FormValues, input: FormValues): string[] {
  return Object.keys(input).filter((field) => input[field] !== (base[field] ?? ''));
}

/**
 * `groupOf` names the set a field's value only makes sense in (an address's street and city): once
 * the person edited one field of a group, the whole group keeps their input, so the form never shows
 * one person's street with another person's city.
 */
export function mergeUnsavedInput(
  base: FormValues,
  input: FormValues,
  fresh: FormValues,
  groupOf: (field: string) => string = (field) => field,
): UnsavedMerge {
  const editedGroups = new Set(editedFields(base, input).map(groupOf));
  const fields = [...new Set([...Object.keys(base), ...Object.keys(fresh), ...Object.keys(input)])];
  const values: FormValues = {};
  const changedElsewhere: string[] = [];
  const bothChanged: string[] = [];
  for (const field of fields) {
    const was = base[field] ?? '';
    const now = fresh[field] ?? '';
    if (was !== now) changedElsewhere.push(field);
    if (editedGroups.has(groupOf(field))) {
      values[field] = input[field] ?? '';
      if (was !== now && now !== input[field]) bothChanged.push(field);
    } else {
      values[field] = now;
    }
  }
  return { values, changedElsewhere, bothChanged };
}
