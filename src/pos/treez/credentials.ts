/** What an integration stores for Treez (API.md "Vendor credentials"): validated before it is stored. */
import { z } from 'zod';

export const treezCredentialsSchema = z.object({
  /** `https://api.treez.io/v2.0/dispensary/<dispensary>` [1.1] */
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .regex(/\/v2\.0\/dispensary\/[^/]+\/?$/, 'must end with /v2.0/dispensary/<dispensary>')
    .meta({ title: 'Base URL', examples: ['https://api.treez.io/v2.0/dispensary/<dispensary>'] }),
  /** Per partner, never changes [1.2]. */
  clientId: z.string().min(1).meta({ title: 'Client ID' }),
  /** Per Treez retail location [1.2]. */
  apiKey: z.string().min(1).meta({ title: 'API key', writeOnly: true }),
});

export type TreezCredentials = z.infer<typeof treezCredentialsSchema>;
