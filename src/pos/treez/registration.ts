/**
 * Treez's entry in the production registry (`src/pos/registry.ts`): credentials schema (`{baseUrl,
 * clientId, apiKey}`, API.md "Vendor credentials"), client factory, what a create needs, the client's
 * choices. Its simulator registers in `src/pos/simulators.ts`, not here.
 */
import type { PosVendorEntry } from '../registration.ts';
import { TREEZ_CLIENT_CHOICES } from './choices.ts';
import { createTreezClient, TREEZ_MAX_PAGE_SIZE } from './client.ts';
import { type TreezCredentials, treezCredentialsSchema } from './credentials.ts';
import { treezCreateRequirements } from './requirements.ts';

export const treezVendor: PosVendorEntry<TreezCredentials> = {
  vendor: 'treez',
  credentialsSchema: treezCredentialsSchema,
  createClient: (options) => createTreezClient(options),
  defaultPageSize: TREEZ_MAX_PAGE_SIZE,
  describe: (credentials) => ({ baseUrl: credentials.baseUrl }),
  targets: (credentials) => ({ baseUrl: credentials.baseUrl }),
  createRequires: treezCreateRequirements,
  clientChoices: TREEZ_CLIENT_CHOICES,
};
