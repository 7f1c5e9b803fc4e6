/**
 * Flowhub's entry for `src/pos/registry.ts`: the lead adds `flowhub: flowhubVendor` there when this
 * folder lands.
 */

import type { PosVendorEntry } from '../registry.ts';
import type { RunningSimulator } from '../simulator-kit/start-simulator.ts';
import { createFlowhubClient } from './client.ts';
import { type FlowhubCredentials, flowhubCredentialsSchema } from './credentials.ts';
import { flowhubCreateRequirements } from './requirements.ts';
import { startFlowhubSimulator } from './simulator.ts';

export const flowhubVendor: PosVendorEntry<FlowhubCredentials> = {
  vendor: 'flowhub',
  credentialsSchema: flowhubCredentialsSchema,
  createClient: (options) => createFlowhubClient(options),
  async startSimulator(options) {
    const simulator = await startFlowhubSimulator(options);
    return { simulator: simulator as RunningSimulator<unknown>, credentials: simulator.credentials };
  },
  // Only the base URL: the client id and key are secrets.
  describe: (credentials) => ({ baseUrl: credentials.baseUrl }),
  targets: (credentials) => ({ baseUrl: credentials.baseUrl }),
  createRequires: flowhubCreateRequirements,
};
