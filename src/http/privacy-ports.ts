/**
 * Privacy's ports (privacy/privacy-ports.ts), implemented by the modules that own the data: sync
 * erases its sealed copies, lists links and conflicts for the export and reads out the erasure
 * propagation; loyalty erases balances; the kiosk erases second-factor requests and lists orders.
 * Built here, at assembly (app.ts for the routes, server.ts for the retention job), because only the
 * assembly may import both sides.
 */
import { eraseKioskHeld, kioskOrdersOf } from '../kiosk/customer-orders.ts';
import { deleteBalances } from '../loyalty/balances.ts';
import type { PrivacyPorts } from '../privacy/privacy-ports.ts';
import { eraseSyncHeld, exportedConflicts, exportedLinks } from '../sync/links/privacy-parts.ts';
import { erasureOutcomesOf } from '../sync/outbound/erasure-outcomes.ts';

export function privacyPorts(): PrivacyPorts {
  return {
    erasure: [
      { module: 'sync', erase: eraseSyncHeld },
      { module: 'loyalty', erase: deleteBalances },
      { module: 'kiosk', erase: eraseKioskHeld },
    ],
    export: { links: exportedLinks, syncConflicts: exportedConflicts, kioskOrders: kioskOrdersOf },
    propagationsOf: erasureOutcomesOf,
  };
}
