/**
 * The kiosk's part of an erasure: the customer's second-factor requests (kiosk/second-factor/) go,
 * since a held identity change or card renewal names the new phone, email or card. Privacy reaches
 * it through its ports (http/privacy-ports.ts). Kiosk orders are the orders module's (src/orders/).
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db/tx.ts';
import { customerRequests } from './tables.ts';

export async function eraseCustomerRequests(tx: Tx, orgId: string, customerIds: readonly string[]): Promise<void> {
  await tx
    .delete(customerRequests)
    .where(and(eq(customerRequests.orgId, orgId), inArray(customerRequests.customerId, [...customerIds])));
}
