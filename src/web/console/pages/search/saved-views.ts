/**
 * Saved views on the search page (issue 16): what the "Save as view" dialog sends to `POST /views`,
 * where the API's refusal is shown, and who may delete a view. Pure: no React, no fetching.
 */
import { type ApiFailure, messageFor } from '../../../api/api-client.ts';
import { atLeast, type StaffRole } from '../../roles.ts';
import type { Filters } from './search-filters.ts';

export interface SavedView {
  id: string;
  name: string;
  filter: Record<string, string>;
  shared: boolean;
  ownerId: string;
  mine: boolean;
  createdAt: string;
}

/** The body of `POST /views`: the chips only (the search term is personal data, never saved). */
export function newViewBody(name: string, filters: Filters, shared: boolean) {
  const filter = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== ''));
  return { name: name.trim(), filter, shared };
}

/**
 * The message shown next to the name: the API's word on the name (422), its 409 for a name
 * already used, or any other refusal of the filter (the chips themselves are not editable there).
 */
export function nameMessage(failure: ApiFailure | null): string | undefined {
  if (!failure) return undefined;
  if (failure.kind !== 'problem') return 'The server could not be reached; try again.';
  if (failure.status === 409) return failure.detail || 'You already have a view with this name.';
  const onName = messageFor(failure, 'name');
  if (onName) return onName;
  const other = failure.errors[0];
  if (other) return `${other.path}: ${other.message}`;
  return failure.detail || failure.title;
}

/** The owner deletes their view; someone else's shared view, a manager or an admin (as the API says). */
export function mayDelete(view: SavedView, role: StaffRole): boolean {
  return view.mine || (view.shared && atLeast(role, 'manager'));
}

/** The menu's label: a shared view is marked, and says so when someone else shared it. */
export function viewLabel(view: SavedView): string {
  if (!view.shared) return view.name;
  return view.mine ? `${view.name} · shared` : `${view.name} · shared with you`;
}
