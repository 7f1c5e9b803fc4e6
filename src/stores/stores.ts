/** Stores of an organization. Everyone on staff can see them; admins create and change them. */
import { and, eq, inArray } from 'drizzle-orm';
import { authorize } from '../auth/abilities.ts';
import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/database.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { keyset, type Page, toPage } from '../db/keyset.ts';
import { type ConsentWording, consentWording } from '../domain/consent-wording.ts';
import { type DataProfileId, profileForState } from '../domain/data-profiles.ts';
import { Conflict, NotFound } from '../domain/errors.ts';
import { isUuid } from '../domain/ids.ts';
import { createRequirements } from '../pos/registry.ts';
import { storeIntegrations } from '../sync/tables.ts';
import { type CreateAtPos, type StoreAddress, stores } from './tables.ts';

export interface NewStore {
  name: string;
  timezone: string;
  address?: StoreAddress | null | undefined;
  /** Absent: the profile of the address's state (the strict default without one). */
  dataProfile?: DataProfileId | undefined;
  /** Absent: `onCreate`, a new customer of this home store is created in its POS at once. */
  createAtPos?: CreateAtPos | undefined;
}

export type StorePatch = Partial<NewStore>;

export interface StoreView {
  id: string;
  name: string;
  timezone: string;
  address: StoreAddress | null;
  dataProfile: DataProfileId;
  createAtPos: CreateAtPos;
  /** Patron field paths the store's POS needs to create a customer; none without an enabled integration. */
  posRequires: string[];
  /** The vendor of the store's enabled POS integration, whose create `posRequires` follows; null without one. */
  posVendor: string | null;
  /** The words a consent box of this store shows, sent back as `consents.<channel>.wording` (consent-wording.ts). */
  consentWording: ConsentWording;
  createdAt: Date;
  updatedAt: Date;
}

type StoreRow = typeof stores.$inferSelect;

const view = (row: StoreRow, vendor: string | undefined): StoreView => ({
  id: row.id,
  name: row.name,
  timezone: row.timezone,
  address: row.address ?? null,
  dataProfile: row.dataProfile,
  createAtPos: row.createAtPos,
  posRequires: vendor ? [...new Set(createRequirements(vendor).map((r) => r.path))] : [],
  posVendor: vendor ?? null,
  consentWording: consentWording(row.name),
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/** The stores as answered, with what their POS needs (one query for the vendors of them all). */
async function views(db: Db, orgId: string, rows: StoreRow[]): Promise<StoreView[]> {
  if (rows.length === 0) return [];
  const integrations = await db
    .select({ storeId: storeIntegrations.storeId, vendor: storeIntegrations.vendor })
    .from(storeIntegrations)
    .where(
      and(
        eq(storeIntegrations.orgId, orgId),
        eq(storeIntegrations.enabled, true),
        inArray(
          storeIntegrations.storeId,
          rows.map((r) => r.id),
        ),
      ),
    );
  const vendorOf = new Map(integrations.map((i) => [i.storeId, i.vendor]));
  return rows.map((row) => view(row, vendorOf.get(row.id)));
}

const duplicateName = () => new Conflict('A store with this name already exists in the organization.');

export async function listStores(
  db: Db,
  actor: Actor,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<StoreView>> {
  authorize(actor, 'read', 'store');
  const { where, orderBy } = keyset(stores.name, stores.id, page.cursor);
  const rows = await db
    .select()
    .from(stores)
    .where(and(eq(stores.orgId, actor.orgId), where))
    .orderBy(...orderBy)
    .limit(page.limit + 1);
  return toPage(await views(db, actor.orgId, rows), page.limit, (s) => [s.name, s.id]);
}

export async function getStore(db: Db, actor: Actor, id: string): Promise<StoreView> {
  authorize(actor, 'read', 'store');
  const [found] = await views(db, actor.orgId, [await findStore(db, actor.orgId, id)]);
  return found!;
}

export async function createStore(db: Db, actor: Actor, input: NewStore): Promise<StoreView> {
  authorize(actor, 'create', 'store');
  return insertStore(db, actor.orgId, input);
}

export async function insertStore(db: Db, orgId: string, input: NewStore): Promise<StoreView> {
  try {
    const [row] = await db
      .insert(stores)
      .values({
        orgId,
        name: input.name,
        timezone: input.timezone,
        address: input.address ?? null,
        dataProfile: input.dataProfile ?? profileForState(input.address?.state).id,
        createAtPos: input.createAtPos ?? 'onCreate',
      })
      .returning();
    return view(row!, undefined);
  } catch (error) {
    if (isUniqueViolation(error, 'stores_org_name_key')) throw duplicateName();
    throw error;
  }
}

/** A changed address leaves the data profile as it is: only an admin's explicit `dataProfile` moves it. */
export async function updateStore(db: Db, actor: Actor, id: string, patch: StorePatch): Promise<StoreView> {
  authorize(actor, 'update', 'store');
  await findStore(db, actor.orgId, id);
  try {
    const [row] = await db
      .update(stores)
      .set({ ...patch, updatedAt: new Date() })
      .where(and(eq(stores.id, id), eq(stores.orgId, actor.orgId)))
      .returning();
    const [updated] = await views(db, actor.orgId, [row!]);
    return updated!;
  } catch (error) {
    if (isUniqueViolation(error, 'stores_org_name_key')) throw duplicateName();
    throw error;
  }
}

async function findStore(db: Db, orgId: string, id: string) {
  if (!isUuid(id)) throw new NotFound('store');
  const [row] = await db
    .select()
    .from(stores)
    .where(and(eq(stores.id, id), eq(stores.orgId, orgId)));
  if (!row) throw new NotFound('store');
  return row;
}
