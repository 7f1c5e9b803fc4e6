/** What the customer page reads from the API (the shapes of src/domain/customer-schema.ts and friends). */

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ConsentState {
  granted: boolean;
  at: string | null;
  source: string | null;
}

export interface CustomerRecord {
  id: string;
  version: number;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  dateOfBirth: string;
  phone: string | null;
  email: string | null;
  customerType: 'adult' | 'medical';
  medical: { cardNumber: string; state: string; expiresOn: string } | null;
  idDocument: { type: string; number: string; state: string | null; expiresOn: string | null } | null;
  address: {
    line1: string | null;
    line2: string | null;
    city: string | null;
    state: string | null;
    postalCode: string | null;
    country: string | null;
  } | null;
  consents: { sms: ConsentState; email: ConsentState };
  tags: string[];
  notes: string | null;
  loyalty: { points: number; source: string | null };
  loyaltyByStore: { storeId: string; vendor: string; points: number; readAt: string }[];
  homeStoreId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ConsentEntry {
  id: string;
  channel: 'sms' | 'email';
  granted: boolean;
  source: string;
  wording: string | null;
  at: string;
  recordedAt: string;
  recordedBy: string;
}

export interface SyncLink {
  storeId: string;
  vendor: string | null;
  externalId: string | null;
  status: 'synced' | 'pending' | 'error' | 'conflict';
  lastSyncedAt: string | null;
  lastError: string | null;
  /** What the POS refused in the last refused push: Patron field paths (null: none named), never values. */
  refusedFields: { field: string | null; message: string }[];
}

export interface StoreSummary {
  id: string;
  name: string;
  /** The words the store's consent boxes show (what a grant recorded at the counter carries). */
  consentWording?: { sms: string; email: string };
}

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  fields: string[];
}

export interface Erasure {
  id: string;
  customerId: string;
  requestedAt: string;
  stores: {
    storeId: string;
    vendor: string | null;
    status: 'done' | 'failed' | 'unsupported' | 'pending';
    detail: string | null;
  }[];
}

export function formatInstant(value: string | null): string {
  if (!value) return '—';
  return new Date(value).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
