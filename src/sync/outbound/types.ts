/**
 * The types every outbound step shares (push, creates, erasure propagation, the merge's retirement of
 * a second POS record): kept apart from push.ts so that the steps push calls do not import push back.
 */
import type { CustomerRow } from '../../customers/customer-record.ts';
import type { PullDeps } from '../inbound/pull.ts';
import type { customerLinks } from '../tables.ts';

export interface PushDeps extends PullDeps {
  /** How long a retry waits for a create a lost attempt may still have in flight (creates.ts; tests shorten it). */
  createSettleMs?: number;
}
export type LinkRow = typeof customerLinks.$inferSelect;
export type { CustomerRow };
