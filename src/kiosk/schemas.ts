/** Wire shapes of the kiosk endpoints (API.md, "Kiosk"). */
import { z } from 'zod';
import { CalendarDate } from '../domain/calendar-date.ts';
import { Customer } from '../domain/customer-schema.ts';
import { Timestamp } from '../http/schemas.ts';

/**
 * The customer as a customer token sees it (GET and PATCH /me, their own /customers/{id}, the
 * signup answer): who they are, how to reach them, their address, consents, loyalty and home store,
 * and the version to send back in If-Match. The dispensary's own annotations are not theirs to read here:
 * staff notes and tags (labels such as "vip" or a warning are the store's judgement), nor the
 * medical card, ID document or customer type, which a kiosk screen in a shop should not
 * show to whoever stands in front of it. All of it is in the audited export (POST /me/export).
 */
export const CustomerSelfView = Customer.pick({
  id: true,
  version: true,
  firstName: true,
  lastName: true,
  preferredName: true,
  dateOfBirth: true,
  phone: true,
  email: true,
  address: true,
  consents: true,
  loyalty: true,
  loyaltyByStore: true,
  homeStoreId: true,
}).meta({ id: 'CustomerSelfView', description: 'A customer as the customer sees it (customer token)' });

export type CustomerSelfView = z.output<typeof CustomerSelfView>;

/** Only the fields listed in `CustomerSelfView`, whatever the customer record holds. */
export function selfView(customer: Customer): CustomerSelfView {
  return CustomerSelfView.parse(customer);
}

const CustomerToken = z.string().describe('Bearer token acting as this customer (GET/PATCH /me); short-lived');

export const IdentifyBody = z.strictObject({
  phone: z.string().trim().min(1).max(40).describe('Any usual way of writing it; US by default'),
  dateOfBirth: CalendarDate,
});

export const IdentifyAnswer = z
  .object({
    customerToken: CustomerToken,
    expiresAt: Timestamp,
    customer: z.object({ id: z.uuid(), firstName: z.string(), lastInitial: z.string() }),
  })
  .meta({ id: 'KioskIdentified' });

export const SignupAnswer = z
  .object({ customerToken: CustomerToken, expiresAt: Timestamp, customer: CustomerSelfView })
  .meta({ id: 'KioskSignedUp' });

export const OrderBody = z.strictObject({
  orderRef: z.string().trim().min(1).max(100).describe("The ordering system's reference, unique per store"),
  customerId: z.uuid(),
});

export const OrderAnswerSchema = z
  .object({
    orderRef: z.string(),
    customerId: z.uuid(),
    posCustomerId: z
      .string()
      .nullable()
      .describe("The store POS's id of the customer; null (answer 202) while the POS is still being told"),
  })
  .meta({ id: 'KioskOrder' });
