/**
 * Segments (issue 17): named customer filters a manager counts and lists. The count is live (an
 * exact count of the same conditions as `GET /customers`, read by its indexes), and the members
 * are the customer list with the segment's filter: nothing is loaded into memory to decide who
 * belongs. The prebuilt segments come first in the list, then the organization's, by name.
 */
import { and, eq, ne, sql } from 'drizzle-orm';
import { authorize } from '../auth/abilities.ts';
import type { Actor } from '../auth/actor.ts';
import type { CustomerDeps } from '../customers/customer-deps.ts';
import { listCustomers } from '../customers/customer-reads.ts';
import { filterConditions } from '../customers/search-filters.ts';
import {
  asListFilters,
  asQueryValues,
  type StoredFilterInput,
  type StoredFilterValues,
} from '../customers/stored-filter.ts';
import { customers } from '../customers/tables.ts';
import { todayAt } from '../customers/today.ts';
import type { Db } from '../db/database.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { decodeCursor, encodeCursor, keyset, type Page, type PageRequest, toPage } from '../db/keyset.ts';
import { Conflict, NotFound } from '../domain/errors.ts';
import { isUuid } from '../domain/ids.ts';
import type { AuditContext } from '../privacy/audit-log.ts';
import { PREBUILT_SEGMENTS, type PrebuiltSegment, prebuiltSegment } from './prebuilt.ts';
import { segments } from './tables.ts';

export interface Segment {
  id: string;
  name: string;
  description: string | null;
  filter: StoredFilterValues;
  count: number;
  prebuilt: boolean;
  createdAt: Date | null;
  updatedAt: Date | null;
}

type SegmentRow = typeof segments.$inferSelect;
type Uncounted = Omit<Segment, 'count'>;

const PREBUILT_SORT = '0';
const SAVED_SORT = '1';

const fromRow = (row: SegmentRow): Uncounted => ({
  id: row.id,
  name: row.name,
  description: null,
  filter: row.filter,
  prebuilt: false,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const fromPrebuilt = (segment: PrebuiltSegment, today: string): Uncounted => ({
  id: segment.id,
  name: segment.name,
  description: segment.description,
  filter: segment.filterOn(today),
  prebuilt: true,
  createdAt: null,
  updatedAt: null,
});

/** How many live customers of the organization the filter holds, exactly. */
export async function countMembers(deps: CustomerDeps, orgId: string, filter: StoredFilterValues): Promise<number> {
  const filters = asListFilters(filter);
  if (!filters) return 0;
  const { where } = await filterConditions(deps.db, orgId, filters, deps.protection.forOrg(orgId));
  const counted = await deps.db.execute<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM ${customers} WHERE ${and(...where)}`,
  );
  return Number(counted.rows[0]?.n ?? 0);
}

const counted = async (deps: CustomerDeps, orgId: string, segment: Uncounted): Promise<Segment> => ({
  ...segment,
  count: await countMembers(deps, orgId, segment.filter),
});

/**
 * One page: the prebuilt segments first, then the organization's by name, so a page may hold both
 * and paging never repeats one. The cursor's sort value is "0" after a prebuilt segment, "1<name>"
 * after one of the organization's.
 */
export async function listSegments(deps: CustomerDeps, actor: Actor, page: PageRequest): Promise<Page<Segment>> {
  authorize(actor, 'read', 'segment');
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  const today = await todayAt(deps.db, actor.orgId, undefined);
  const inPrebuilt = after === null || after[0] === PREBUILT_SORT;
  const prebuilt = inPrebuilt
    ? PREBUILT_SEGMENTS.filter((s) => after === null || s.id > after[1]).map((s) => fromPrebuilt(s, today))
    : [];
  const room = page.limit + 1 - prebuilt.length;
  let saved: Uncounted[] = [];
  if (room > 0) {
    const savedCursor = inPrebuilt ? undefined : encodeCursor(after![0].slice(SAVED_SORT.length), after![1]);
    const { where, orderBy } = keyset(segments.name, segments.id, savedCursor);
    const rows = await deps.db
      .select()
      .from(segments)
      .where(and(eq(segments.orgId, actor.orgId), where))
      .orderBy(...orderBy)
      .limit(room);
    saved = rows.map(fromRow);
  }
  const found = toPage([...prebuilt, ...saved], page.limit, (s) =>
    s.prebuilt ? [PREBUILT_SORT, s.id] : [`${SAVED_SORT}${s.name}`, s.id],
  );
  return { ...found, items: await Promise.all(found.items.map((s) => counted(deps, actor.orgId, s))) };
}

export async function getSegment(deps: CustomerDeps, actor: Actor, id: string): Promise<Segment> {
  authorize(actor, 'read', 'segment');
  return counted(deps, actor.orgId, await findSegment(deps.db, actor.orgId, id));
}

export async function createSegment(
  deps: CustomerDeps,
  actor: Actor,
  input: { name: string; filter: StoredFilterInput },
): Promise<Segment> {
  authorize(actor, 'create', 'segment');
  await refuseTakenName(deps.db, actor.orgId, input.name, null);
  try {
    const [row] = await deps.db
      .insert(segments)
      .values({
        orgId: actor.orgId,
        name: input.name,
        filter: asQueryValues(input.filter),
        createdBy: actor.kind === 'user' ? actor.userId : null,
      })
      .returning();
    return counted(deps, actor.orgId, fromRow(row!));
  } catch (error) {
    throw nameTakenOr(error, input.name);
  }
}

export async function updateSegment(
  deps: CustomerDeps,
  actor: Actor,
  id: string,
  patch: { name?: string | undefined; filter?: StoredFilterInput | undefined },
): Promise<Segment> {
  authorize(actor, 'update', 'segment');
  const existing = await findSegment(deps.db, actor.orgId, id);
  if (existing.prebuilt)
    throw new Conflict(`“${existing.name}” is a prebuilt segment and cannot be changed; save a copy instead.`);
  if (patch.name !== undefined) await refuseTakenName(deps.db, actor.orgId, patch.name, id);
  try {
    const [row] = await deps.db
      .update(segments)
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.filter !== undefined ? { filter: asQueryValues(patch.filter) } : {}),
        updatedAt: new Date(),
      })
      .where(and(eq(segments.orgId, actor.orgId), eq(segments.id, id)))
      .returning();
    if (!row) throw new NotFound('segment');
    return counted(deps, actor.orgId, fromRow(row));
  } catch (error) {
    throw nameTakenOr(error, patch.name ?? existing.name);
  }
}

export async function deleteSegment(deps: CustomerDeps, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'delete', 'segment');
  const existing = await findSegment(deps.db, actor.orgId, id);
  if (existing.prebuilt) throw new Conflict(`“${existing.name}” is a prebuilt segment and cannot be deleted.`);
  await deps.db.delete(segments).where(and(eq(segments.orgId, actor.orgId), eq(segments.id, id)));
}

/** The segment's members: `GET /customers` with its filter, the list's paging and presentation. */
export async function segmentMembers(
  deps: CustomerDeps,
  ctx: AuditContext,
  id: string,
  query: PageRequest & { sort?: 'name' | 'created' | 'lastVisit' | 'updated' | undefined },
) {
  authorize(ctx.actor, 'read', 'segment');
  const segment = await findSegment(deps.db, ctx.actor.orgId, id);
  const filters = asListFilters(segment.filter);
  if (!filters) return { items: [], nextCursor: null };
  return listCustomers(deps, ctx, { ...filters, limit: query.limit, cursor: query.cursor, sort: query.sort });
}

async function findSegment(db: Db, orgId: string, id: string): Promise<Uncounted> {
  const prebuilt = prebuiltSegment(id);
  if (prebuilt) return fromPrebuilt(prebuilt, await todayAt(db, orgId, undefined));
  if (!isUuid(id)) throw new NotFound('segment');
  const [row] = await db
    .select()
    .from(segments)
    .where(and(eq(segments.orgId, orgId), eq(segments.id, id)));
  if (!row) throw new NotFound('segment');
  return fromRow(row);
}

/** A name held by another segment of the organization, or by a prebuilt one, whatever its case. */
async function refuseTakenName(db: Db, orgId: string, name: string, ownId: string | null): Promise<void> {
  const lower = name.toLowerCase();
  if (PREBUILT_SEGMENTS.some((s) => s.name.toLowerCase() === lower)) throw nameTaken(name);
  const [row] = await db
    .select({ id: segments.id })
    .from(segments)
    .where(
      and(
        eq(segments.orgId, orgId),
        sql`lower(${segments.name}) = ${lower}`,
        ownId ? ne(segments.id, ownId) : undefined,
      ),
    );
  if (row) throw nameTaken(name);
}

const nameTaken = (name: string) => new Conflict(`A segment named “${name}” exists already; choose another name.`);

/** Two requests racing for one name: the unique index decides. */
function nameTakenOr(error: unknown, name: string): unknown {
  return isUniqueViolation(error, 'segments_org_name_key') ? nameTaken(name) : error;
}
