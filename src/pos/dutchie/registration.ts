/**
 * The registry entry for Dutchie POS (formerly LeafLogix): what `registry.ts` needs to validate
 * credentials (`{baseUrl, apiKey}`, API.md "Vendor credentials"), build a client and start the
 * simulator. The lead adds it to the registry's vendor table.
 */
import type { PosVendorEntry } from '../registry.ts';
import type { RunningSimulator } from '../simulator-kit/start-simulator.ts';
import { createDutchieClient, type DutchieCredentials, dutchieCredentialsSchema } from './client.ts';
import { dutchieCreateRequirements } from './requirements.ts';
import { startDutchieSimulator } from './simulator.ts';

export const dutchieVendor: PosVendorEntry<DutchieCredentials> = {
  vendor: 'dutchie',
  credentialsSchema: dutchieCredentialsSchema,
  // Dutchie times are UTC [REFERENCE 4.4], so the store's time zone is not needed.
  createClient: (options) =>
    createDutchieClient({
      credentials: options.credentials,
      timeZone: options.timeZone,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.outbound ? { outbound: options.outbound } : {}),
    }),
  async startSimulator(options) {
    const simulator = await startDutchieSimulator(options);
    return { simulator: simulator as RunningSimulator<unknown>, credentials: simulator.credentials };
  },
  // The key is the secret; the base URL names the host only (one key per location [REFERENCE 4.2]).
  describe: (credentials) => ({ baseUrl: credentials.baseUrl }),
  targets: (credentials) => ({ baseUrl: credentials.baseUrl }),
  createRequires: dutchieCreateRequirements,
};
