/**
 * The registry entry for Treez: what `registry.ts` needs to validate credentials (`{baseUrl,
 * clientId, apiKey}`, API.md "Vendor credentials"), build a client and start the simulator.
 */
import type { PosVendorEntry } from '../registry.ts';
import type { RunningSimulator } from '../simulator-kit/start-simulator.ts';
import { createTreezClient, type TreezCredentials, treezCredentialsSchema } from './client.ts';
import { treezCreateRequirements } from './requirements.ts';
import { startTreezSimulator } from './simulator.ts';

export const treezVendor: PosVendorEntry<TreezCredentials> = {
  vendor: 'treez',
  credentialsSchema: treezCredentialsSchema,
  createClient: (options) => createTreezClient(options),
  async startSimulator(options) {
    const simulator = await startTreezSimulator(options);
    return { simulator: simulator as RunningSimulator<unknown>, credentials: simulator.credentials };
  },
  describe: (credentials) => ({ baseUrl: credentials.baseUrl }),
  targets: (credentials) => ({ baseUrl: credentials.baseUrl }),
  createRequires: treezCreateRequirements,
};
