/** What an integration stores for BLAZE Retail (API.md "Vendor credentials"): validated before it is stored. */
import { z } from 'zod';

/** Hosts that public hobby code uses but that are not the partner API [5.1]. */
const WRONG_HOSTS = new Set(['api.blaze.me', 'ecom-api.blaze.me']);

export const blazeCredentialsSchema = z.object({
  /** `https://api.partners.blaze.me` [5.1]; a URL already ending in `/api/v1/partner` works too. */
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .refine((url) => !WRONG_HOSTS.has(new URL(url).hostname), 'not the partner API host (use api.partners.blaze.me)')
    .meta({ title: 'Base URL' }),
  /** The partner key, sent as `x-api-key` [5.2]. */
  partnerKey: z.string().min(1).meta({ title: 'Partner key', writeOnly: true }),
  /** The developer key of one shop, sent raw in `Authorization` [5.2]. */
  apiKey: z.string().min(1).meta({ title: 'API key', writeOnly: true }),
});

export type BlazeCredentials = z.infer<typeof blazeCredentialsSchema>;
