/**
 * Flowhub's entry in the production registry (`src/pos/registry.ts`): credentials schema, client
 * factory, what a create needs, the client's choices. Its simulator registers in
 * `src/pos/simulators.ts`, not here.
 */
import type { PosVendorEntry } from '../registration.ts';
import { FLOWHUB_CLIENT_CHOICES } from './choices.ts';
import { createFlowhubClient } from './client.ts';
import { type FlowhubCredentials, flowhubCredentialsSchema } from './credentials.ts';
import { flowhubCreateRequirements } from './requirements.ts';

export const flowhubVendor: PosVendorEntry<FlowhubCredentials> = {
  vendor: 'flowhub',
  credentialsSchema: flowhubCredentialsSchema,
  createClient: (options) => createFlowhubClient(options),
  defaultPageSize: FLOWHUB_CLIENT_CHOICES.defaultPageSize,
  // Only the base URL: the client id and key are secrets.
  describe: (credentials) => ({ baseUrl: credentials.baseUrl }),
  targets: (credentials) => ({ baseUrl: credentials.baseUrl }),
  createRequires: flowhubCreateRequirements,
  clientChoices: FLOWHUB_CLIENT_CHOICES,
};
