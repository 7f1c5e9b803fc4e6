/**
 * The demo's kiosk key, kept in the data folder (`<dataDir>/secrets/demo-kiosk-key`, mode 0600) like
 * the development master key: the database holds only its digest, so without the file a restart
 * could not show the key again, and a kiosk set up with it would stop working. On every start the
 * key in the file is the live demo kiosk key: registered again if the database was reset, replaced
 * by a new one only when an admin revoked it.
 */

import path from 'node:path';
import { eq } from 'drizzle-orm';
import { insertApiKey, revokeKeysNamed } from '../auth/api-keys.ts';
import { digest, newSecret } from '../auth/secrets.ts';
import { API_KEY_PREFIX } from '../auth/sessions.ts';
import { apiKeys } from '../auth/tables.ts';
import type { Db } from '../db/database.ts';
import { readOrCreateSecretFile, replaceSecretFile } from '../secret-file.ts';

export const DEMO_KIOSK_KEY_NAME = 'Demo kiosk';

export function demoKioskKeyFile(dataDir: string): string {
  return path.join(dataDir, 'secrets', 'demo-kiosk-key');
}

const looksLikeKey = (text: string) => new RegExp(`^${API_KEY_PREFIX}[A-Za-z0-9_-]{43}$`).test(text);

/**
 * The demo kiosk key of `storeId`: the one in `file` when it is still good, else a new one written
 * there. Leaves it the only live demo kiosk key of the organization.
 */
export async function keptDemoKioskKey(db: Db, orgId: string, storeId: string, file: string): Promise<string> {
  let key = await readOrCreateKeyFile(file);
  const [row] = await db
    .select({ orgId: apiKeys.orgId, storeId: apiKeys.storeId, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, digest(key)));
  const usable = row !== undefined && row.orgId === orgId && row.storeId === storeId && row.revokedAt === null;
  if (row !== undefined && !usable) {
    // Revoked by an admin (or bound elsewhere): that choice stands, the demo gets a new key.
    key = newSecret(API_KEY_PREFIX);
    await replaceSecretFile(file, key);
  }
  if (!usable) await register(db, orgId, storeId, key);
  await revokeKeysNamed(db, orgId, DEMO_KIOSK_KEY_NAME, digest(key));
  return key;
}

async function register(db: Db, orgId: string, storeId: string, key: string): Promise<void> {
  try {
    await insertApiKey(db, orgId, { name: DEMO_KIOSK_KEY_NAME, role: 'kiosk', storeId }, key);
  } catch (error) {
    // An api and a worker process starting together on one data folder: the other registered it.
    const [row] = await db
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(eq(apiKeys.keyHash, digest(key)));
    if (!row) throw error;
  }
}

async function readOrCreateKeyFile(file: string): Promise<string> {
  const key = await readOrCreateSecretFile(file, () => newSecret(API_KEY_PREFIX));
  if (looksLikeKey(key)) return key;
  // Not a key (edited by hand, truncated): a new one replaces it.
  const replacement = newSecret(API_KEY_PREFIX);
  await replaceSecretFile(file, replacement);
  return replacement;
}
