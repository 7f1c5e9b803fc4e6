/** Wire shapes of a customer's requests awaiting a second factor (/me and /customer-requests). */
import { z } from 'zod';
import { CustomerSelfView } from '../../customers/self-view.ts';
import { Timestamp } from '../../http/schemas.ts';
import { CustomerExportSchema } from '../../privacy/schemas.ts';
import { CUSTOMER_REQUEST_KINDS } from '../tables.ts';
import { CODE_DIGITS } from './one-time-code.ts';

const Kind = z.enum(CUSTOMER_REQUEST_KINDS).meta({
  id: 'CustomerRequestKind',
  description:
    'export: everything held; erasure: erase me; identity_change: a new phone or email; medical_card_renewal: a new expiry (and card number or state) for the medical card, confirmed by staff who have seen the card',
});

export const OpenedRequestSchema = z
  .object({
    requestId: z.uuid(),
    kind: Kind,
    status: z.literal('awaiting_verification'),
    codeSentTo: z
      .string()
      .nullable()
      .describe('Where the one-time code was mailed, masked (k•••@example.com); null: no code, staff confirm'),
    confirmWith: z.array(z.enum(['code', 'staff'])).describe('How this request can be confirmed'),
    expiresAt: Timestamp,
  })
  .meta({ id: 'CustomerRequestOpened', description: 'A request held until a second factor confirms it' });

export const VerifyBody = z
  .strictObject({
    code: z.string().regex(new RegExp(`^\\d{${CODE_DIGITS}}$`), `must be the ${CODE_DIGITS} digits that were mailed`),
  })
  .meta({ id: 'CustomerRequestVerification' });

export const CarriedOutSchema = z
  .object({
    requestId: z.uuid(),
    kind: Kind,
    status: z.literal('done'),
    sentTo: z.string().optional().describe('An export by code: the masked address it was mailed to'),
    erasureId: z.uuid().optional().describe('An erasure: follow it at GET /erasures/{id} (managers)'),
    export: CustomerExportSchema.optional().describe(
      "An export confirmed by staff: the customer's version (staff by role), for staff to hand over",
    ),
    customer: CustomerSelfView.optional().describe(
      'An identity change or a card renewal: the customer as they now are',
    ),
  })
  .meta({ id: 'CustomerRequestDone', description: 'What was carried out' });

export const OpenRequestSchema = z
  .object({
    id: z.uuid(),
    kind: Kind,
    status: z.literal('awaiting_verification'),
    customer: z.object({ id: z.uuid(), firstName: z.string().nullable(), lastInitial: z.string().nullable() }),
    storeId: z.uuid().nullable().describe("The kiosk's store"),
    fields: z
      .array(z.string())
      .describe('For an identity change or a card renewal: the fields it sets (phone, email; medical)'),
    codeSent: z.boolean().describe('Whether the customer was also mailed a code'),
    createdAt: Timestamp,
    expiresAt: Timestamp,
  })
  .meta({ id: 'CustomerRequest', description: "A customer's request awaiting confirmation" });
