/**
 * Dutchie POS's (formerly LeafLogix) entry in the production registry (`src/pos/registry.ts`):
 * credentials schema (`{baseUrl, apiKey}`, API.md "Vendor credentials"), client factory, what a
 * create needs, the client's choices. Its simulator registers in `src/pos/simulators.ts`, not here.
 */
import type { PosVendorEntry } from '../registration.ts';
import { DUTCHIE_CLIENT_CHOICES } from './choices.ts';
import { createDutchieClient, DUTCHIE_MAX_PAGE_SIZE } from './client.ts';
import { type DutchieCredentials, dutchieCredentialsSchema } from './credentials.ts';
import { dutchieCreateRequirements } from './requirements.ts';

export const dutchieVendor: PosVendorEntry<DutchieCredentials> = {
  vendor: 'dutchie',
  credentialsSchema: dutchieCredentialsSchema,
  // Dutchie times are UTC [REFERENCE 4.4]: the store's time zone goes along unused.
  createClient: (options) => createDutchieClient(options),
  defaultPageSize: DUTCHIE_MAX_PAGE_SIZE,
  // The key is the secret; the base URL names the host only (one key per location [REFERENCE 4.2]).
  describe: (credentials) => ({ baseUrl: credentials.baseUrl }),
  targets: (credentials) => ({ baseUrl: credentials.baseUrl }),
  createRequires: dutchieCreateRequirements,
  clientChoices: DUTCHIE_CLIENT_CHOICES,
};
