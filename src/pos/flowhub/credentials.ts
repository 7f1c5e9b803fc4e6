/** What an integration stores for Flowhub (API.md "Stores, integrations, sync"). */
import { z } from 'zod';

export const flowhubCredentialsSchema = z.object({
  /** `https://api.flowhub.co` [2.1]; not `api.flowhub.com`, the internal dashboard API. */
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .refine((url) => !/\/\/api\.flowhub\.com(\/|$)/i.test(url), 'api.flowhub.com is the internal dashboard API')
    .meta({ title: 'Base URL' }),
  /** Sent as the `clientId` header [2.2]. */
  clientId: z.string().min(1).meta({ title: 'Client ID' }),
  /** Sent as the `key` header [2.2]. */
  key: z.string().min(1).meta({ title: 'Key', writeOnly: true }),
  /** The store's Flowhub location, sent as `store_id` [2.3]: the credential itself reaches every location. */
  locationId: z.string().min(1).meta({ title: 'Location ID' }),
});

export type FlowhubCredentials = z.infer<typeof flowhubCredentialsSchema>;
