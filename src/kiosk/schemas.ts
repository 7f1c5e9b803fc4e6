/** Wire shapes of the kiosk endpoints (API.md, "Kiosk"). */
import { z } from 'zod';
import { CustomerSelfView } from '../customers/self-view.ts';
import { CalendarDate } from '../domain/calendar-date.ts';
import { Timestamp } from '../http/schemas.ts';

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
