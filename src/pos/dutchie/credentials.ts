/** What an integration stores for Dutchie POS (API.md "Vendor credentials"): validated before it is stored. */
import { z } from 'zod';

export const dutchieCredentialsSchema = z.object({
  /** `https://api.pos.dutchie.com` [4.1]; the legacy LeafLogix host works the same way. */
  baseUrl: z.url({ protocol: /^https?$/ }).meta({ title: 'Base URL' }),
  /** One location's key [4.2]. */
  apiKey: z.string().min(1).meta({ title: 'API key', writeOnly: true }),
});

export type DutchieCredentials = z.infer<typeof dutchieCredentialsSchema>;
