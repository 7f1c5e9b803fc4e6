/**
 * The base of the three-way merge, kept on each link: the synced fields as that POS holds them, as
 * far as Patron last knew. Sealed like conflicts, because the values are personal data.
 */

import type { SyncVault } from '../../privacy/vault.ts';
import type { customerLinks } from '../tables.ts';
import type { Projection } from './synced-fields.ts';

type LinkRow = typeof customerLinks.$inferSelect;

export function openBase(
  vault: SyncVault,
  link: Pick<LinkRow, 'orgId' | 'storeId' | 'posBaseEnc'>,
): Projection | undefined {
  if (!link.posBaseEnc) return undefined;
  return vault.open({ orgId: link.orgId, storeId: link.storeId }, 'pos-base', link.posBaseEnc) as Projection;
}

export function sealBase(vault: SyncVault, scope: { orgId: string; storeId: string }, base: Projection): string {
  return vault.seal(scope, 'pos-base', base);
}
