/** A store as `GET /stores` answers it, as far as the console's forms need it. */
export interface ConsoleStore {
  id: string;
  name: string;
  /** Patron field paths the store's POS needs to create a customer (`medical.*` only for medical customers). */
  posRequires: string[];
  /** The vendor of the store's enabled POS integration; null without one. */
  posVendor: string | null;
  /** The words its consent boxes show, sent back with a grant. */
  consentWording: { sms: string; email: string };
}
