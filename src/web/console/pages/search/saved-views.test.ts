import { describe, expect, it } from 'vitest';
import type { ApiFailure } from '../../../api/api-client.ts';
import { mayDelete, nameMessage, newViewBody, type SavedView, viewLabel } from './saved-views.ts';

const view = (over: Partial<SavedView>): SavedView => ({
  id: 'v1',
  name: 'Regulars',
  filter: { tag: 'regular' },
  shared: false,
  ownerId: 'u1',
  mine: true,
  createdAt: '2026-12-03T08:00:00Z',
  ...over,
});
const problem = (status: number, errors: { path: string; message: string }[] = [], detail = ''): ApiFailure =>
  ({ kind: 'problem', status, title: 'Refused', detail, errors }) as unknown as ApiFailure;

describe('saved views on the search page', () => {
  it('sends the trimmed name and the chips only, never an empty value', () => {
    expect(newViewBody('  Regulars ', { tag: 'regular', consent: '' }, true)).toEqual({
      name: 'Regulars',
      filter: { tag: 'regular' },
      shared: true,
    });
  });

  it("shows the API's message on the name, its 409, or the filter's refusal next to the name", () => {
    expect(nameMessage(null)).toBeUndefined();
    expect(nameMessage(problem(422, [{ path: 'name', message: 'Too long' }]))).toBe('Too long');
    expect(nameMessage(problem(409, [], 'You already have a view named “x”'))).toBe(
      'You already have a view named “x”',
    );
    expect(nameMessage(problem(422, [{ path: 'filter.tag', message: 'bad' }]))).toBe('filter.tag: bad');
  });

  it("lets the owner delete, and a manager or an admin someone else's shared view, not staff", () => {
    expect(mayDelete(view({}), 'staff')).toBe(true);
    const theirs = view({ mine: false, shared: true });
    expect(mayDelete(theirs, 'staff')).toBe(false);
    expect(mayDelete(theirs, 'manager')).toBe(true);
    expect(mayDelete(theirs, 'admin')).toBe(true);
  });

  it('marks shared views in the menu', () => {
    expect(viewLabel(view({}))).toBe('Regulars');
    expect(viewLabel(view({ shared: true }))).toBe('Regulars · shared');
    expect(viewLabel(view({ shared: true, mine: false }))).toBe('Regulars · shared with you');
  });
});
