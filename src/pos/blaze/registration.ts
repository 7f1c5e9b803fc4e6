/**
 * BLAZE Retail's (partner API) entry in the production registry (`src/pos/registry.ts`):
 * credentials schema (`{baseUrl, partnerKey, apiKey}`, API.md "Vendor credentials"), client factory,
 * what a create needs, the client's choices. Its simulator registers in `src/pos/simulators.ts`.
 */
import type { PosVendorEntry } from '../registration.ts';
import { BLAZE_CLIENT_CHOICES } from './choices.ts';
import { createBlazeClient } from './client.ts';
import { type BlazeCredentials, blazeCredentialsSchema } from './credentials.ts';
import { blazeCreateRequirements } from './requirements.ts';

export const blazeVendor: PosVendorEntry<BlazeCredentials> = {
  vendor: 'blaze',
  credentialsSchema: blazeCredentialsSchema,
  // Times are epoch ms [REFERENCE 5.8]; the zone only reads a birth date saved at local midnight.
  createClient: (options) => createBlazeClient(options),
  defaultPageSize: BLAZE_CLIENT_CHOICES.defaultPageSize,
  // Both keys are secrets; the base URL names the host only (the developer key names the shop [REFERENCE 5.2]).
  describe: (credentials) => ({ baseUrl: credentials.baseUrl }),
  targets: (credentials) => ({ baseUrl: credentials.baseUrl }),
  createRequires: blazeCreateRequirements,
  clientChoices: BLAZE_CLIENT_CHOICES,
};
