/**
 * Privacy's ports (privacy/privacy-ports.ts), implemented by the modules that own the data: sync
 * erases its sealed copies, lists links and conflicts for the export and reads out the erasure
 * propagation; loyalty erases balances; the kiosk erases second-factor requests; orders lists orders.
 * Built here, at assembly (app.ts for the routes, server.ts for the retention job), because only the
 * assembly may import both sides.
 */
import { eraseCustomerRequests } from '../kiosk/customer-request-erasure.ts';
import { deleteBalances } from '../loyalty/balances.ts';
import { exportedOrders } from '../orders/customer-orders.ts';
import type { PrivacyPorts } from '../privacy/privacy-ports.ts';
import { eraseSyncHeld, exportedConflicts, exportedLinks } from '../sync/links/privacy-parts.ts';
import { erasureOutcomesOf } from '../sync/outbound/erasure-outcomes.ts';

export function privacyPorts(): PrivacyPorts {
  return {
    erasure: [
      { module: 'sync', erase: eraseSyncHeld },
      { module: 'loyalty', erase: deleteBalances },
      { module: 'kiosk', erase: eraseCustomerRequests },
    ],
    export: { links: exportedLinks, syncConflicts: exportedConflicts, kioskOrders: exportedOrders },
    propagationsOf: erasureOutcomesOf,
  };
}
