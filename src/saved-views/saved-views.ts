/**
 * Saved views of the customer search (issue 16): a person's named filters, personal or shared with
 * the organization. Everyone on staff lists their own and the shared ones, saves, and deletes their
 * own; another person's shared view is deleted by a manager or an admin only. Another person's
 * personal view does not exist for the caller (404), like another organization's.
 */
import { and, eq, or } from 'drizzle-orm';
import { authorize } from '../auth/abilities.ts';
import type { Actor } from '../auth/actor.ts';
import { asQueryValues } from '../customers/stored-filter.ts';
import type { Db } from '../db/database.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { keyset, type Page, type PageRequest, toPage } from '../db/keyset.ts';
import { Conflict, Forbidden, NotFound } from '../domain/errors.ts';
import { isUuid } from '../domain/ids.ts';
import type { ViewFilterInput } from './schemas.ts';
import { customerViews, type ViewFilterValues } from './tables.ts';

export interface NewView {
  name: string;
  filter: ViewFilterInput;
  shared: boolean;
}

export interface SavedView {
  id: string;
  name: string;
  filter: ViewFilterValues;
  shared: boolean;
  ownerId: string;
  mine: boolean;
  createdAt: Date;
}

type ViewRow = typeof customerViews.$inferSelect;

const view = (row: ViewRow, userId: string): SavedView => ({
  id: row.id,
  name: row.name,
  filter: row.filter,
  shared: row.shared,
  ownerId: row.ownerId,
  mine: row.ownerId === userId,
  createdAt: row.createdAt,
});

/** Views belong to people: only a signed-in user holds the abilities, so this is a guard, not a rule. */
function userOf(actor: Actor): string {
  if (actor.kind !== 'user') throw new Forbidden('Saved views belong to people signed in to the console.');
  return actor.userId;
}

export async function listViews(db: Db, actor: Actor, page: PageRequest): Promise<Page<SavedView>> {
  authorize(actor, 'read', 'customerView');
  const userId = userOf(actor);
  const { where, orderBy } = keyset(customerViews.name, customerViews.id, page.cursor);
  const rows = await db
    .select()
    .from(customerViews)
    .where(
      and(
        eq(customerViews.orgId, actor.orgId),
        or(eq(customerViews.ownerId, userId), eq(customerViews.shared, true)),
        where,
      ),
    )
    .orderBy(...orderBy)
    .limit(page.limit + 1);
  return toPage(
    rows.map((row) => view(row, userId)),
    page.limit,
    (v) => [v.name, v.id],
  );
}

export async function createView(db: Db, actor: Actor, input: NewView): Promise<SavedView> {
  authorize(actor, 'create', 'customerView');
  const userId = userOf(actor);
  try {
    const [row] = await db
      .insert(customerViews)
      .values({
        orgId: actor.orgId,
        ownerId: userId,
        name: input.name,
        filter: asQueryValues(input.filter),
        shared: input.shared,
      })
      .returning();
    return view(row!, userId);
  } catch (error) {
    if (isUniqueViolation(error, 'customer_views_owner_name_key')) {
      throw new Conflict(`You already have a view named “${input.name}”; choose another name.`);
    }
    throw error;
  }
}

export async function deleteView(db: Db, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'delete', 'customerView');
  const userId = userOf(actor);
  const row = await visibleView(db, actor.orgId, userId, id);
  if (row.ownerId !== userId) authorize(actor, 'delete', 'sharedCustomerView');
  await db.delete(customerViews).where(and(eq(customerViews.orgId, actor.orgId), eq(customerViews.id, id)));
}

/** A view the caller may see: their own, or a shared one of the organization. */
async function visibleView(db: Db, orgId: string, userId: string, id: string): Promise<ViewRow> {
  if (!isUuid(id)) throw new NotFound('view');
  const [row] = await db
    .select()
    .from(customerViews)
    .where(and(eq(customerViews.orgId, orgId), eq(customerViews.id, id)));
  if (!row || (row.ownerId !== userId && !row.shared)) throw new NotFound('view');
  return row;
}
