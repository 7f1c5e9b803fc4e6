/**
 * The types a push passes to its parts (creates.ts, erasure-propagation.ts, src/sync/links/merge-links.ts):
 * apart from push.ts, which imports those parts, so that they name them without a file cycle.
 */
import type { customerLinks, customers } from '../../db/schema.ts';
import type { PullDeps } from '../inbound/pull.ts';

export interface PushDeps extends PullDeps {
  /** How long a retry waits for a create a lost attempt may still have in flight (creates.ts; tests shorten it). */
  createSettleMs?: number;
}
export type LinkRow = typeof customerLinks.$inferSelect;
export type CustomerRow = typeof customers.$inferSelect;
