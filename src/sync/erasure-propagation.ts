/**
 * Erasure at the POSes (DESIGN "Privacy"): each linked POS is asked to deactivate the customer where
 * its API can, else to blank what it holds of them; where it refuses, that is recorded (non-personal
 * reason) so a manager can finish the job at the register. One row per customer and store.
 */
import { and, eq } from 'drizzle-orm';
import { customerLinks, erasurePropagations } from '../db/schema.ts';
import { isPosError, type PosClient, PosNotFound } from '../pos/port.ts';
import { sealBase } from './link-base.ts';
import type { LinkRow, PushDeps } from './push.ts';

/** What stays at a POS that cannot deactivate: no name, contact, birthday or notes. */
const BLANK = { firstName: 'Erased', lastName: 'Customer', preferredName: null, phone: null, email: null, notes: null };

const NO_ADDRESS = { line1: null, line2: null, city: null, state: null, postalCode: null, country: null };

export async function propagateErasure(deps: PushDeps, client: PosClient, link: LinkRow): Promise<void> {
  let outcome: 'deactivated' | 'blanked' | 'failed';
  let detail: string | null = null;
  if (link.externalId === null) {
    outcome = 'failed';
    detail = 'the customer was never created at this POS';
  } else {
    try {
      if (client.capabilities.deactivate && client.deactivate) {
        await client.deactivate(link.externalId);
        outcome = 'deactivated';
      } else {
        const pos = await client.get(link.externalId);
        await client.update(link.externalId, {
          ...pos,
          ...BLANK,
          middleName: null,
          // The conventional placeholder (read back as "no date"): vendors such as Treez require one.
          dateOfBirth: '1900-01-01',
          // Only the state is kept: some vendors require it on every write (Flowhub [REFERENCE 2.4])
          // and refuse the whole blanking without it; a state alone identifies nobody.
          address: pos.address?.state
            ? { ...NO_ADDRESS, state: pos.address.state, country: pos.address.country }
            : null,
          idDocument: null,
          medical: null,
          consents: { sms: false, email: false },
          tags: [],
        });
        outcome = 'blanked';
      }
    } catch (error) {
      if (error instanceof PosNotFound) {
        outcome = 'deactivated';
        detail = 'the POS no longer had this customer';
      } else if (isPosError(error) && !error.transient) {
        outcome = 'failed';
        detail = `${client.vendor} could not erase: ${error.kind}: ${error.message}`.slice(0, 500);
      } else {
        throw error;
      }
    }
  }
  await deps.db
    .insert(erasurePropagations)
    .values({
      orgId: link.orgId,
      customerId: link.customerId,
      storeId: link.storeId,
      externalId: link.externalId,
      outcome,
      detail,
    })
    .onConflictDoUpdate({
      target: [erasurePropagations.orgId, erasurePropagations.customerId, erasurePropagations.storeId],
      set: { outcome, detail, at: new Date() },
    });
  await deps.db
    .update(customerLinks)
    .set({
      status: outcome === 'failed' ? 'error' : 'synced',
      lastError: detail,
      lastSyncedAt: new Date(),
      // Blanked or gone at the POS: nothing of the person is known there any more.
      posBaseEnc: sealBase(deps.vault, link, BLANK),
    })
    .where(and(eq(customerLinks.orgId, link.orgId), eq(customerLinks.id, link.id)));
}
