/**
 * API keys for devices and systems (kiosks, integrations). A key is shown once, at creation; we
 * keep its SHA-256 and its first characters. Kiosk keys are bound to one store.
 */
import { and, eq, isNull, ne } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { keyset, type Page, toPage } from '../db/keyset.ts';
import { NotFound, ValidationFailed } from '../domain/errors.ts';
import { isUuid } from '../domain/ids.ts';
import { stores } from '../stores/tables.ts';
import { authorize } from './abilities.ts';
import type { Actor, KeyRole } from './actor.ts';
import { forgetApiKey } from './bearer-cache.ts';
import { digest, newSecret } from './secrets.ts';
import { API_KEY_PREFIX } from './sessions.ts';
import { apiKeys } from './tables.ts';

export interface NewApiKey {
  name: string;
  role: KeyRole;
  storeId?: string | null | undefined;
  expiresAt?: Date | null | undefined;
}

export interface ApiKeyView {
  id: string;
  name: string;
  role: KeyRole;
  storeId: string | null;
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}

const view = (row: typeof apiKeys.$inferSelect): ApiKeyView => ({
  id: row.id,
  name: row.name,
  role: row.role,
  storeId: row.storeId,
  prefix: row.keyPrefix,
  createdAt: row.createdAt,
  expiresAt: row.expiresAt,
  lastUsedAt: row.lastUsedAt,
});

export async function listApiKeys(
  db: Db,
  actor: Actor,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<ApiKeyView>> {
  authorize(actor, 'read', 'apiKey');
  const { where, orderBy } = keyset(apiKeys.name, apiKeys.id, page.cursor);
  const rows = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.orgId, actor.orgId), isNull(apiKeys.revokedAt), where))
    .orderBy(...orderBy)
    .limit(page.limit + 1);
  return toPage(rows.map(view), page.limit, (k) => [k.name, k.id]);
}

export async function createApiKey(db: Db, actor: Actor, input: NewApiKey): Promise<ApiKeyView & { key: string }> {
  authorize(actor, 'create', 'apiKey');
  return insertApiKey(db, actor.orgId, input);
}

/**
 * Creates a key without an acting admin: the CLI and the demo set-up use it. `key` registers a
 * secret issued earlier (the demo's kiosk key, kept in the data folder); by default a new one.
 */
export async function insertApiKey(
  db: Db,
  orgId: string,
  input: NewApiKey,
  key: string = newSecret(API_KEY_PREFIX),
): Promise<ApiKeyView & { key: string }> {
  if (input.role === 'kiosk' && !input.storeId) {
    throw ValidationFailed.field('storeId', 'is required for a kiosk key: a kiosk stands in one store');
  }
  if (input.storeId) {
    const [store] = isUuid(input.storeId)
      ? await db
          .select({ id: stores.id })
          .from(stores)
          .where(and(eq(stores.id, input.storeId), eq(stores.orgId, orgId)))
      : [];
    if (!store) throw ValidationFailed.field('storeId', 'is not a store of this organization');
  }
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
    throw ValidationFailed.field('expiresAt', 'must be in the future');
  }
  const [row] = await db
    .insert(apiKeys)
    .values({
      orgId,
      name: input.name,
      role: input.role,
      storeId: input.storeId ?? null,
      keyHash: digest(key),
      keyPrefix: key.slice(0, API_KEY_PREFIX.length + 6),
      expiresAt: input.expiresAt ?? null,
    })
    .returning();
  return { ...view(row!), key };
}

/**
 * Revokes the organization's live keys called `name`, but the one whose secret digests to `keepHash`:
 * how a set-up that owns a named key (the demo kiosk's) replaces it without leaving the old one usable.
 */
export async function revokeKeysNamed(db: Db, orgId: string, name: string, keepHash?: string): Promise<void> {
  await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(apiKeys.orgId, orgId),
        eq(apiKeys.name, name),
        isNull(apiKeys.revokedAt),
        ...(keepHash === undefined ? [] : [ne(apiKeys.keyHash, keepHash)]),
      ),
    );
}

export async function revokeApiKey(db: Db, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'delete', 'apiKey');
  if (!isUuid(id)) throw new NotFound('API key');
  const revoked = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.orgId, actor.orgId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  if (revoked.length === 0) throw new NotFound('API key');
  forgetApiKey(id);
}
