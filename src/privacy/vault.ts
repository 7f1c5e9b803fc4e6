/**
 * Sealing of what the sync engine keeps but must not hold in clear: POS credentials, raw quarantined
 * payloads, the two values of a conflict. AES-256-GCM through the field cipher, with a context bound
 * to organization, store and purpose, so a sealed value copied to another store or column does not open.
 */
import { createFieldCipher } from './field-encryption.ts';

/**
 * `webhook-secret`: a store's inbound webhook key. `webhook-subscription`: an outbound subscription's
 * signing secret, sealed with the subscription's id in the `storeId` slot (it belongs to no store).
 */
export type SealPurpose =
  | 'pos-credentials'
  | 'quarantine'
  | 'conflict'
  | 'pos-base'
  | 'webhook-secret'
  | 'webhook-subscription';

export interface SyncVault {
  seal(scope: { orgId: string; storeId: string }, purpose: SealPurpose, value: unknown): string;
  open(scope: { orgId: string; storeId: string }, purpose: SealPurpose, sealed: string): unknown;
}

export function createSyncVault(masterKey: Buffer, retiredKeys: readonly Buffer[] = []): SyncVault {
  const cipher = createFieldCipher(masterKey, retiredKeys);
  const context = (scope: { orgId: string; storeId: string }, purpose: SealPurpose) =>
    `${scope.orgId}:${scope.storeId}:${purpose}`;
  return {
    seal: (scope, purpose, value) => cipher.encrypt(JSON.stringify(value ?? null), context(scope, purpose)),
    open: (scope, purpose, sealed) => JSON.parse(cipher.decrypt(sealed, context(scope, purpose))) as unknown,
  };
}
