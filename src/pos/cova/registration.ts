/**
 * Cova's entry for `src/pos/registry.ts`: the lead adds `cova: covaVendor` there when this folder lands.
 */
import type { PosVendorEntry } from '../registry.ts';
import type { RunningSimulator } from '../simulator-kit/start-simulator.ts';
import { createCovaClient } from './client.ts';
import { type CovaCredentials, covaCredentialsSchema } from './credentials.ts';
import { covaCreateRequirements } from './requirements.ts';
import { startCovaSimulator } from './simulator.ts';

export const covaVendor: PosVendorEntry<CovaCredentials> = {
  vendor: 'cova',
  credentialsSchema: covaCredentialsSchema,
  createClient: (options) => createCovaClient(options),
  async startSimulator(options) {
    const simulator = await startCovaSimulator(options);
    return { simulator: simulator as RunningSimulator<unknown>, credentials: simulator.credentials };
  },
  // Only the CRM base URL: user, password and client secret are secrets.
  describe: (credentials) => ({ baseUrl: credentials.baseUrl }),
  targets: (credentials) => ({ baseUrl: credentials.baseUrl, authUrl: credentials.authUrl }),
  createRequires: covaCreateRequirements,
};
