/** One sentence for a failed call, for a page or a dialog to show (fields get their own messages). */
import type { ApiFailure } from '../../api/api-client.ts';

export function describeFailure(failure: ApiFailure): string {
  if (failure.kind === 'network') return "Can't reach Patron. Check the connection and try again.";
  if (failure.status === 404) return failure.detail || 'This was not found. It may have been merged or erased.';
  if (failure.status === 403) return failure.detail || "Your role can't do this.";
  if (failure.status >= 500) return 'Patron had a problem answering. Try again in a moment.';
  return failure.detail || failure.title;
}
