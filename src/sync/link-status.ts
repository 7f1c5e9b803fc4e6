/**
 * What a link's status says once a pull or a push has brought it up to date (API.md
 * `GET /customers/{id}/sync`): `conflict` while a disagreement at that store waits for a manager
 * (sync-conflicts.ts), otherwise `synced`. A pull leaves a push's `error` standing: the POS read
 * back does not hold what it refused, and only a new push (a change, or a link request) clears it.
 */
import { type SQL, sql } from 'drizzle-orm';
import { customerLinks, syncConflicts } from '../db/schema.ts';

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

/** After a pull of an existing link: as `settledStatus`, except that a push's refusal stands. */
export function statusAfterPull(scope: LinkScope): { status: SQL<LinkStatus>; lastError: SQL<string | null> } {
  return {
    status: sql<LinkStatus>`CASE WHEN ${customerLinks.status} = 'error' THEN 'error' WHEN ${openConflictAt(scope)} THEN 'conflict' ELSE 'synced' END`,
    lastError: sql<
      string | null
    >`CASE WHEN ${customerLinks.status} = 'error' THEN ${customerLinks.lastError} ELSE NULL END`,
  };
}
