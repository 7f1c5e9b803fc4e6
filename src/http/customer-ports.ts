/**
 * The customers service's ports (customers/customer-deps.ts), implemented by the modules that own
 * the data: sync creates at the home store's POS and settles a merge's POS links, orders moves a
 * merge's orders. Built here, at assembly, because only the assembly may import both sides.
 */
import type { CustomerPorts } from '../customers/customer-deps.ts';
import { moveOrders } from '../orders/customer-orders.ts';
import type { SyncVault } from '../privacy/vault.ts';
import { settleLinksOfMerge } from '../sync/links/merge-links.ts';
import { assertHomePosCanCreate, createAtHomePos, linkAtHomePos } from '../sync/outbound/home-store-create.ts';

/** `vault` opens what each POS holds, so a merge can tell the richer of two records at one store. */
export function customerPorts(vault: SyncVault | undefined): CustomerPorts {
  return {
    homePos: { targetOf: createAtHomePos, assertCanCreate: assertHomePosCanCreate, link: linkAtHomePos },
    merge: {
      settleLinks: (tx, scope) => settleLinksOfMerge(tx, vault, scope),
      moveHeld: moveOrders,
    },
  };
}
