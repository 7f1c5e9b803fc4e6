/** Wire shapes of the stores endpoints. */
import { z } from 'zod';
import { AddressInput, AddressOutput } from '../domain/customer-schema.ts';
import { ALWAYS_KEPT_FIELDS, AUTHORIZATION_KINDS, DATA_PROFILE_IDS } from '../domain/data-profiles.ts';
import { Timestamp } from '../http/schemas.ts';
import { CREATE_AT_POS } from './tables.ts';

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const NewStoreBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as America/Los_Angeles'),
  address: AddressInput.nullable().optional(),
  dataProfile: z
    .enum(DATA_PROFILE_IDS)
    .optional()
    .describe(
      "What the store may keep on customers (GET /data-profiles); at creation, by default, its address's state",
    ),
  createAtPos: z
    .enum(CREATE_AT_POS)
    .optional()
    .describe(
      'onCreate (default): a customer whose home store this is is created in its POS right after the create; ' +
        'onDemand: only when a link request or a kiosk order asks for it',
    ),
});

export const StorePatchBody = NewStoreBody.partial();

export const StoreSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    timezone: z.string(),
    address: AddressOutput.nullable(),
    dataProfile: z.enum(DATA_PROFILE_IDS),
    createAtPos: z.enum(CREATE_AT_POS),
    posRequires: z
      .array(z.string())
      .describe(
        "Patron field paths the store's POS needs to create a customer (paths under `medical` only for medical " +
          'customers); a create or link missing one answers 422. Empty without an enabled integration.',
      ),
    posVendor: z
      .string()
      .nullable()
      .describe(
        "The vendor of the store's enabled POS integration (whose create posRequires follows); null without one",
      ),
    consentWording: z
      .object({ sms: z.string(), email: z.string() })
      .describe(
        "The words this store's consent boxes show; send them back as consents.<channel>.wording with a grant, so the ledger keeps what the person agreed to",
      ),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Store' });

const FieldRuleSchema = z.object({
  keep: z.enum(['always', 'with-authorization', 'never']),
  authorization: z.enum(AUTHORIZATION_KINDS).optional().describe('The recorded authorization that unlocks the field'),
  basis: z.string().optional().describe('The rule this follows'),
});

const FieldRulesSchema = z.object({ idDocument: FieldRuleSchema, address: FieldRuleSchema, notes: FieldRuleSchema });

export const DataProfileSchema = z
  .object({
    id: z.enum(DATA_PROFILE_IDS),
    name: z.string(),
    alwaysKept: z.array(z.enum(ALWAYS_KEPT_FIELDS)),
    adult: FieldRulesSchema,
    medical: FieldRulesSchema,
    sharing: z
      .enum(['sale-only', 'unrestricted'])
      .describe('sale-only: no personal data to third parties beyond what the sale needs'),
    sharingBasis: z.string().nullable(),
  })
  .meta({ id: 'DataProfile' });
