/**
 * What a link's status says once a pull or a push has brought it up to date (API.md
 * `GET /customers/{id}/sync`): `conflict` while a disagreement at that store waits for a manager
 * (sync-conflicts.ts), otherwise `synced`. A pull leaves `pending` and a push's `error` standing:
 * reading the POS does not make it hold what is still to be pushed, or what it refused; only a push
 * (due, or asked for again by a change, a link request or a manual sync) settles them.
 */
import { type SQL, sql } from 'drizzle-orm';
import { customerLinks, syncConflicts } from '../tables.ts';

type LinkStatus = (typeof customerLinks.$inferSelect)['status'];

export interface LinkScope {
  orgId: string;
  storeId: string;
  customerId: string;
}

function openConflictAt(scope: LinkScope): SQL {
  return sql`EXISTS (SELECT 1 FROM ${syncConflicts} WHERE ${syncConflicts.orgId} = ${scope.orgId} AND ${syncConflicts.storeId} = ${scope.storeId} AND ${syncConflicts.customerId} = ${scope.customerId} AND ${syncConflicts.status} = 'open')`;
}

/** After a successful push, or for a new link: `conflict` or `synced`. */
export function settledStatus(scope: LinkScope): SQL<LinkStatus> {
  return sql<LinkStatus>`CASE WHEN ${openConflictAt(scope)} THEN 'conflict' ELSE 'synced' END`;
}

/** After a pull of an existing link: as `settledStatus`, except that a due push or a refusal stands. */
export function statusAfterPull(scope: LinkScope): { status: SQL<LinkStatus>; lastError: SQL<string | null> } {
  return {
    status: sql<LinkStatus>`CASE WHEN ${customerLinks.status} IN ('error', 'pending') THEN ${customerLinks.status} WHEN ${openConflictAt(scope)} THEN 'conflict' ELSE 'synced' END`,
    lastError: sql<
      string | null
    >`CASE WHEN ${customerLinks.status} IN ('error', 'pending') THEN ${customerLinks.lastError} ELSE NULL END`,
  };
}
