/**
 * The registry entry for BLAZE Retail (partner API): what `registry.ts` needs to validate
 * credentials (`{baseUrl, partnerKey, apiKey}`, API.md "Vendor credentials"), build a client and
 * start the simulator. The lead adds it to the registry's vendor table.
 */
import type { PosVendorEntry } from '../registry.ts';
import type { RunningSimulator } from '../simulator-kit/start-simulator.ts';
import { type BlazeCredentials, blazeCredentialsSchema, createBlazeClient } from './client.ts';
import { blazeCreateRequirements } from './requirements.ts';
import { startBlazeSimulator } from './simulator.ts';

export const blazeVendor: PosVendorEntry<BlazeCredentials> = {
  vendor: 'blaze',
  credentialsSchema: blazeCredentialsSchema,
  createClient: (options) =>
    createBlazeClient({
      credentials: options.credentials,
      // Times are epoch ms [REFERENCE 5.8]; the zone only reads a birth date saved at local midnight.
      timeZone: options.timeZone,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.outbound ? { outbound: options.outbound } : {}),
    }),
  async startSimulator(options) {
    const simulator = await startBlazeSimulator(options);
    return { simulator: simulator as RunningSimulator<unknown>, credentials: simulator.credentials };
  },
  // Both keys are secrets; the base URL names the host only (the developer key names the shop [REFERENCE 5.2]).
  describe: (credentials) => ({ baseUrl: credentials.baseUrl }),
  targets: (credentials) => ({ baseUrl: credentials.baseUrl }),
  createRequires: blazeCreateRequirements,
};
