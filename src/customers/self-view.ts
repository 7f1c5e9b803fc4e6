/**
 * What a customer token is shown of a customer record (GET and PATCH /me, their own
 * /customers/{id}, a kiosk signup's answer). It belongs to the customers module because the
 * customer routes answer with it; kiosk and /me use it from here.
 */
import { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import { Customer } from '../domain/customer-schema.ts';

/**
 * Of the medical card, when and where it is valid, and nothing of its number: the kiosk must tell a
 * medical customer their card has expired and let them renew it (PATCH /me), but the number is for
 * the counter, not for a screen whoever stands in front of it can read. Null unless medical.
 */
const MedicalCardSelfView = z
  .object({
    state: z.string().describe('Issuing state'),
    expiresOn: z.string().describe('Last day the card is valid (YYYY-MM-DD); before today: expired, renew it'),
  })
  .nullable()
  .meta({ description: "Null unless a medical customer; the card's number is never shown to the customer" });

/**
 * The customer as a customer token sees it (GET and PATCH /me, their own /customers/{id}, the
 * signup answer): who they are, how to reach them, their address, consents, loyalty and home store,
 * their medical card's state and expiry (not its number, see above), and the version to send back
 * in If-Match. The dispensary's own annotations are not theirs to read here: staff notes and tags
 * (labels such as "vip" or a warning are the store's judgement), nor the card number, ID document
 * or customer type, which a kiosk screen in a shop should not show to whoever stands in front of it.
 * All of it is in the audited export (POST /me/export).
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
})
  .extend({ medical: MedicalCardSelfView })
  .meta({ id: 'CustomerSelfView', description: 'A customer as the customer sees it (customer token)' });

export type CustomerSelfView = z.output<typeof CustomerSelfView>;

type CustomerActor = Extract<Actor, { kind: 'customer' }>;

export function isCustomerActor(actor: Actor): actor is CustomerActor {
  return actor.kind === 'customer';
}

/** Only the fields listed in `CustomerSelfView`, whatever the customer record holds. */
export function selfView(customer: Customer): CustomerSelfView {
  return CustomerSelfView.parse(customer);
}

/** What `actor` is shown of a customer: the self view for a customer token, the record otherwise. */
export function customerAsSeenBy(actor: Actor, customer: Customer): Customer | CustomerSelfView {
  return isCustomerActor(actor) ? selfView(customer) : customer;
}
