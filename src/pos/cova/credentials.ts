/**
 * The credentials of a Cova integration (API.md "Stores, integrations, sync") and the two URLs
 * derived from them: the CRM base for customer calls and the OAuth token endpoint [3.1, 3.2].
 */
import { z } from 'zod';
import { COVA_CLIENT_CHOICES } from './choices.ts';

const digits = z.union([z.number().int().positive().transform(String), z.string().trim().regex(/^\d+$/)]);

export const covaCredentialsSchema = z.object({
  /** The CRM base, `https://api.covasoft.net/crm` [3.1] (an iQmetrix-style `…/v1` base is accepted too). */
  baseUrl: z.url({ protocol: /^https?$/ }).meta({ title: 'Base URL' }),
  /** The token endpoint, `https://accounts.iqmetrix.net/v1/oauth2/token` [3.2], or just its host. */
  authUrl: z.url({ protocol: /^https?$/ }).meta({ title: 'Token URL' }),
  /** The four values of Cova's onboarding package for the password grant [3.2]. */
  username: z.string().min(1).meta({ title: 'Username' }),
  password: z.string().min(1).meta({ title: 'Password', writeOnly: true }),
  clientId: z.string().min(1).meta({ title: 'Client ID' }),
  clientSecret: z.string().min(1).meta({ title: 'Client secret', writeOnly: true }),
  /** An integer from the onboarding package, in every path [3.2]; kept as its digits. */
  companyId: digits.meta({ title: 'Company ID' }),
  /** Customers are company-wide [3.8], so the location is not used by customer calls; kept for the record. */
  locationId: z
    .union([z.number().int().transform(String), z.string().trim().min(1)])
    .optional()
    .meta({ title: 'Location ID' }),
});

export type CovaCredentials = z.infer<typeof covaCredentialsSchema>;

/** `…/crm/v1` from the CRM base: paths are `v1/Companies({CompanyId})/…` below it [3.3]. */
export function crmApiBase(credentials: Pick<CovaCredentials, 'baseUrl'>): string {
  const base = credentials.baseUrl.replace(/\/+$/, '');
  const version = COVA_CLIENT_CHOICES.apiVersionSegment;
  return base.toLowerCase().endsWith(version) ? base : `${base}${version}`;
}

/** The token endpoint; a bare accounts host gets the documented `/v1/oauth2/token` path [3.2]. */
export function tokenUrl(credentials: Pick<CovaCredentials, 'authUrl'>): string {
  const url = new URL(credentials.authUrl);
  if (url.pathname === '/' || url.pathname === '') url.pathname = COVA_CLIENT_CHOICES.defaultTokenPath;
  return url.toString();
}
