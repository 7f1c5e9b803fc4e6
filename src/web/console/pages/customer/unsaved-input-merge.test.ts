import { describe, expect, it } from 'vitest';
import { mergeUnsavedInput } from './unsaved-input-merge.ts';

const base = { firstName: 'Kathleen', lastName: 'Scott', email: 'k@example.com', phone: '+17025550123' };

describe('mergeUnsavedInput (the reload after a 412)', () => {
  it('keeps the input on edited fields and takes the new values elsewhere', () => {
    const input = { ...base, email: 'kathleen@new.example' };
    const fresh = { ...base, lastName: 'Scott-Lee', phone: '+17025550199' };
    const merged = mergeUnsavedInput(base, input, fresh);
    expect(merged.values).toEqual({
      firstName: 'Kathleen',
      lastName: 'Scott-Lee',
      email: 'kathleen@new.example',
      phone: '+17025550199',
    });
    expect(merged.changedElsewhere).toEqual(['lastName', 'phone']);
    expect(merged.bothChanged).toEqual([]);
  });

  it("names a field both people changed, and keeps this person's input there", () => {
    const input = { ...base, email: 'mine@example.com' };
    const fresh = { ...base, email: 'theirs@example.com' };
    const merged = mergeUnsavedInput(base, input, fresh);
    expect(merged.values.email).toBe('mine@example.com');
    expect(merged.changedElsewhere).toEqual(['email']);
    expect(merged.bothChanged).toEqual(['email']);
  });

  it('does not call it a clash when both typed the same value', () => {
    const input = { ...base, email: 'same@example.com' };
    const merged = mergeUnsavedInput(base, input, { ...base, email: 'same@example.com' });
    expect(merged.bothChanged).toEqual([]);
    expect(merged.changedElsewhere).toEqual(['email']);
  });

  it('with nothing edited, is simply the new version', () => {
    const fresh = { ...base, firstName: 'Kate' };
    expect(mergeUnsavedInput(base, { ...base }, fresh).values).toEqual(fresh);
  });

  it('treats a field missing from one side as empty', () => {
    const merged = mergeUnsavedInput({ notes: '' }, { notes: '' }, { notes: 'Prefers mornings' });
    expect(merged.values.notes).toBe('Prefers mornings');
    expect(merged.changedElsewhere).toEqual(['notes']);
  });

  it("keeps the person's whole group once they edited one of its fields", () => {
    const was = { 'address.line1': '1 Main St', 'address.city': 'Reno', email: 'a@example.com' };
    const mine = { ...was, 'address.city': 'Sparks' };
    const theirs = { 'address.line1': '9 Elm St', 'address.city': 'Reno', email: 'b@example.com' };
    const merged = mergeUnsavedInput(was, mine, theirs, (field) => field.split('.')[0] ?? field);
    expect(merged.values).toEqual({ 'address.line1': '1 Main St', 'address.city': 'Sparks', email: 'b@example.com' });
    expect(merged.changedElsewhere).toEqual(['address.line1', 'email']);
    expect(merged.bothChanged).toEqual(['address.line1']);
  });
});
