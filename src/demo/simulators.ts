/**
 * Demo mode's POS side (API.md "Demo mode"): each registered vendor's simulator (from the simulator
 * registry, `src/pos/simulators.ts`) on a free loopback port with a few hundred seeded customers, and the matching demo store's integration pointed at it.
 * The port changes on every start, so the credentials are rewritten on every start; an admin's
 * choices (enabled, poll interval) are kept. The first pull is due at once. Given the data folder,
 * each simulator keeps its customers in `<dataDir>/simulators/<vendor>.json`, so the links made
 * before a restart still find their POS records and new POS ids never take an old link's id.
 */

import path from 'node:path';
import { registeredVendors } from '../pos/registry.ts';
import { vendorSimulator } from '../pos/simulators.ts';
import {
  configureIntegration,
  findIntegration,
  type IntegrationDeps,
  makePullDue,
} from '../sync/integrations/integrations.ts';
import { DEMO_VENDORS, type DemoSetup } from './demo-organization.ts';

export const DEMO_SIMULATOR_CUSTOMERS = 300;
export const DEMO_POLL_INTERVAL_SECONDS = 60;

export interface DemoSimulators {
  /** Vendor -> simulator origin. */
  urls: Record<string, string>;
  stop(): Promise<void>;
}

export async function startDemoSimulators(
  deps: IntegrationDeps,
  demo: DemoSetup,
  options: { customers?: number; dataDir?: string | undefined } = {},
): Promise<DemoSimulators> {
  const running: { close(): Promise<void> }[] = [];
  const urls: Record<string, string> = {};
  try {
    for (const [index, vendor] of registeredVendors().entries()) {
      const storeName = DEMO_VENDORS.find((name) => name.toLowerCase() === vendor);
      const entry = vendorSimulator(vendor);
      if (!storeName || !entry) continue;
      const storeId = demo.storeIds[storeName];
      // A different seed per store: each store has its own regulars.
      const started = await entry.start({
        customers: options.customers ?? DEMO_SIMULATOR_CUSTOMERS,
        seed: index + 1,
        ...(options.dataDir === undefined ? {} : { dataFile: simulatorFile(options.dataDir, vendor) }),
      });
      running.push(started.simulator);
      urls[vendor] = started.simulator.url;
      const scope = { orgId: demo.orgId, storeId };
      const existing = await findIntegration(deps.db, demo.orgId, storeId);
      await configureIntegration(deps, scope, {
        vendor,
        credentials: started.credentials,
        enabled: existing?.enabled ?? true,
        pollIntervalSeconds: existing?.pollIntervalSeconds ?? DEMO_POLL_INTERVAL_SECONDS,
      });
      await makePullDue(deps.db, demo.orgId, storeId);
    }
  } catch (error) {
    await Promise.allSettled(running.map((s) => s.close()));
    throw error;
  }
  deps.logger?.info({ simulators: urls }, 'POS simulators started');
  return {
    urls,
    stop: async () => {
      const closed = await Promise.allSettled(running.map((s) => s.close()));
      for (const result of closed) {
        if (result.status === 'rejected') {
          const reason = result.reason instanceof Error ? result.reason.message : String(result.reason);
          deps.logger?.warn(
            { reason },
            'a POS simulator did not close cleanly; its store file may miss the last changes',
          );
        }
      }
    },
  };
}

/** Where a demo simulator keeps its store; deleting the data folder (or this file) starts it afresh. */
export function simulatorFile(dataDir: string, vendor: string): string {
  return path.join(dataDir, 'simulators', `${vendor}.json`);
}
