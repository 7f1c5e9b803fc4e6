/** Wire shapes of the customers endpoints that are not the customer itself (that lives in the domain). */
import { z } from 'zod';
import { CalendarDate } from '../domain/calendar-date.ts';
import { ConsentSource } from '../domain/consent-statements.ts';
import { CUSTOMER_TYPES, Customer } from '../domain/customer-schema.ts';
import { PageQuery, Timestamp } from '../http/schemas.ts';

export const CustomerListQuery = PageQuery.extend({
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Fuzzy name, phone digits (e.g. the last 4) or email prefix'),
  phone: z.string().max(40).optional(),
  email: z.string().max(254).optional(),
  idNumber: z
    .string()
    .max(40)
    .optional()
    .describe(
      "ID-document or medical card number, exact after normalization; below manager only with the person's name (q) or dateOfBirth, and a limited number of times per hour",
    ),
  dateOfBirth: CalendarDate.optional().describe('Exact date of birth, YYYY-MM-DD'),
  tag: z.string().max(200).optional(),
  storeId: z.uuid().optional().describe("Customers linked to that store's POS"),
  customerType: z.enum(CUSTOMER_TYPES).optional(),
  updatedSince: Timestamp.optional(),
});

export const MergeBody = z.strictObject({ sourceId: z.uuid() });

export const TagsBody = z.strictObject({ tags: z.array(z.string().max(200)).max(50) });

export const ConsentBody = z.strictObject({
  channel: z.enum(['sms', 'email']),
  granted: z.boolean(),
  source: ConsentSource.optional().describe(
    'Set by the server from who is speaking (staff for a user); accepted only when it is that source',
  ),
  wording: z
    .string()
    .trim()
    .max(2000)
    .nullable()
    .optional()
    .describe('The words agreed to; required for a grant of SMS consent (TCPA)'),
});

export const ConsentEntrySchema = z
  .object({
    id: z.uuid(),
    channel: z.enum(['sms', 'email']),
    granted: z.boolean(),
    source: z.string(),
    wording: z.string().nullable(),
    at: Timestamp,
    recordedAt: Timestamp,
    recordedBy: z.string(),
  })
  .meta({ id: 'ConsentEntry' });

export const AuditEntrySchema = z
  .object({ at: Timestamp, actor: z.string(), action: z.string(), fields: z.array(z.string()) })
  .meta({ id: 'AuditEntry' });

/** Where a merge's second POS record of one person at one store stands (sync/links/merge-links.ts). */
export const RetirementStatus = z.enum(['pending', 'deactivated', 'blanked', 'failed', 'dropped']).meta({
  id: 'RetirementStatus',
  description:
    'pending: due at the POS; deactivated: blanked and deactivated there; blanked: blanked (the vendor cannot deactivate); failed: see the detail; dropped: the POS never had it',
});

export const MergedStoreSchema = z
  .object({
    storeId: z.uuid(),
    vendor: z.string().nullable(),
    keptExternalId: z.string().nullable(),
    retired: z.object({ externalId: z.string().nullable(), status: RetirementStatus }),
  })
  .meta({ id: 'MergedStore' });

/** A customer a search found: with `q`, also what of them the search matched (issue 14, "highlights"). */
export const FoundCustomer = Customer.extend({
  matched: z
    .array(z.enum(['firstName', 'lastName', 'preferredName', 'email', 'phone']))
    .optional()
    .meta({
      description:
        'With `q`: the fields the search matched, as typed, started, or near (a typo, another form of the name, a sound-alike): e.g. ["firstName", "lastName"]',
    }),
}).meta({ id: 'FoundCustomer' });

/** The survivor, plus per store both customers were linked to: the POS record kept and the one retired. */
export const MergeAnswer = Customer.extend({ mergedAtStores: z.array(MergedStoreSchema) }).meta({
  id: 'MergeAnswer',
});

export const DuplicateSchema = z
  .object({
    customerIds: z.tuple([z.uuid(), z.uuid()]),
    reason: z.enum(['same_phone', 'same_email', 'same_name_and_birthday', 'same_person_at_one_pos']),
    detectedAt: Timestamp,
  })
  .meta({ id: 'SuspectedDuplicate' });
