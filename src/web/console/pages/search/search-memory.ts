/**
 * The search as the person left it, kept in this tab's memory only: coming back from a customer page
 * shows the same search. Never in the URL, the history or localStorage (a search term is personal
 * data); gone on reload and on sign-out (`forgetSearch`).
 */
import type { Filters } from './search-filters.ts';

export interface RememberedSearch {
  q: string;
  filters: Filters;
  /** The view applied, if the filters are still that view's. */
  viewId: string | null;
}

const EMPTY: RememberedSearch = { q: '', filters: {}, viewId: null };
let remembered: RememberedSearch = EMPTY;

export function rememberedSearch(): RememberedSearch {
  return remembered;
}

export function rememberSearch(search: RememberedSearch): void {
  remembered = search;
}

export function forgetSearch(): void {
  remembered = EMPTY;
}
