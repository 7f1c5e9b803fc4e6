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

export const KioskStoreAnswer = z
  .object({
    store: z.object({
      id: z.uuid(),
      name: z.string(),
      state: z.string().nullable().describe("Two-letter state of the store's address; null without an address"),
      timezone: z.string().describe('IANA time zone, e.g. America/Los_Angeles'),
    }),
    consentWording: z
      .object({
        sms: z.string().describe('Shown beside the unticked SMS box; sent back verbatim as consents.sms.wording'),
        email: z.string().describe('Shown beside the unticked email box; sent back verbatim as consents.email.wording'),
      })
      .describe(
        'The words the customer agrees to by ticking a box: POST /kiosk/signup and PATCH /me send them back unchanged, so the consent ledger keeps what the person saw',
      ),
    ageRules: z
      .object({
        adultMinimumAge: z.number().int().describe('Adult-use customers are at least this old'),
        medicalMinimumAge: z.number().int().describe('Medical customers, with a current card, are at least this old'),
      })
      .describe('The ages the signup rules enforce'),
  })
  .meta({ id: 'KioskStore', description: "The kiosk's store as its screens show it" });
