/**
 * Cova's entry in the production registry (`src/pos/registry.ts`): credentials schema, client
 * factory, what a create needs, the client's choices. Its simulator registers in
 * `src/pos/simulators.ts`, not here.
 */
import type { PosVendorEntry } from '../registration.ts';
import { COVA_CLIENT_CHOICES } from './choices.ts';
import { COVA_MAX_PAGE_SIZE, createCovaClient } from './client.ts';
import { type CovaCredentials, covaCredentialsSchema } from './credentials.ts';
import { covaCreateRequirements } from './requirements.ts';

export const covaVendor: PosVendorEntry<CovaCredentials> = {
  vendor: 'cova',
  credentialsSchema: covaCredentialsSchema,
  createClient: (options) => createCovaClient(options),
  defaultPageSize: COVA_MAX_PAGE_SIZE,
  // Only the CRM base URL: user, password and client secret are secrets.
  describe: (credentials) => ({ baseUrl: credentials.baseUrl }),
  targets: (credentials) => ({ baseUrl: credentials.baseUrl, authUrl: credentials.authUrl }),
  createRequires: covaCreateRequirements,
  clientChoices: COVA_CLIENT_CHOICES,
};
