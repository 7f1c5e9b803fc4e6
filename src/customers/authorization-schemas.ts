/** Wire shapes of customer authorizations (POST, GET /customers/{id}/authorizations; the export). */
import { z } from 'zod';
import { AUTHORIZATION_KINDS } from '../domain/data-profiles.ts';
import { Timestamp } from '../http/schemas.ts';

export const AuthorizationBody = z.strictObject({
  kind: z.enum(AUTHORIZATION_KINDS).describe('Which rule of a data profile it satisfies (GET /data-profiles)'),
  source: z.string().trim().min(1).max(50).describe('Where the customer gave it: kiosk, staff, paper form…'),
  wording: z.string().trim().min(1).max(4000).describe('The exact text the customer agreed to'),
  at: z.iso.datetime({ offset: true }).nullable().optional().describe('When the customer gave it; now when absent'),
});

export const AuthorizationEntrySchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(AUTHORIZATION_KINDS),
    source: z.string(),
    wording: z.string(),
    at: Timestamp,
    recordedAt: Timestamp,
    recordedBy: z.string(),
  })
  .meta({ id: 'CustomerAuthorization' });
