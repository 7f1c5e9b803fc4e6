/**
 * The one ability table: role x resource -> allowed actions. Services call `authorize` before they
 * touch data, so a route that forgets a check still cannot do what the role may not.
 *
 * A customer (token from a kiosk) holds abilities on customer data only for their own record: the
 * service names the record it is about to touch (`subjectId`), and without one (lists, creation,
 * another person) a customer may do nothing.
 */
import { Forbidden } from '../domain/errors.ts';
import type { Actor, Role } from './actor.ts';

export type Resource =
  | 'store'
  | 'user'
  | 'apiKey'
  | 'self'
  | 'customer'
  /** Full card and ID numbers (others see the last 4 characters). */
  | 'customerIdNumbers'
  /** Merging two customers into one. */
  | 'customerMerge'
  | 'customerAudit'
  /** Everything held on one customer, card and ID numbers in full (data-subject access request). */
  | 'customerExport'
  /** How an erasure went at each linked store (`GET /erasures/{id}`). */
  | 'erasure'
  | 'duplicate'
  /** The organization's retention policy and its preview. */
  | 'dataPolicy'
  /** Data-quality findings, e.g. expired medical cards flagged by the retention sweep. */
  | 'dataQuality'
  /** A store's POS integration: credentials, connection test. */
  | 'integration'
  /** Sync runs: starting pulls, reading their progress and errors. */
  | 'syncRun'
  /** A customer's sync state per store (`GET /customers/{id}/sync`). */
  | 'customerSync'
  /** Making sure a store's POS knows a customer (`POST /customers/{id}/stores/{storeId}/link`). */
  | 'customerLink'
  /** Disagreements with a POS that a manager settles. */
  | 'syncConflict'
  /** Outbound webhook subscriptions and their delivery log. */
  | 'webhookSubscription'
  /** Kiosk identification by phone and date of birth, which hands out a customer token. */
  | 'customerIdentification'
  /** Attaching a customer to a kiosk order (`POST /kiosk/orders`). */
  | 'kioskOrder';
export type Action = 'read' | 'create' | 'update' | 'delete';

const ALL: readonly Action[] = ['read', 'create', 'update', 'delete'];

/** What managers may do with customers beyond staff; admins may do it too. */
const CUSTOMER_STEWARDSHIP: Partial<Record<Resource, readonly Action[]>> = {
  customer: ALL,
  customerIdNumbers: ['read'],
  customerMerge: ['update'],
  customerAudit: ['read'],
  customerExport: ['read'],
  erasure: ['read'],
  duplicate: ['read'],
  dataPolicy: ['read', 'update'],
  dataQuality: ['read'],
  customerSync: ['read'],
  customerLink: ['create'],
  syncConflict: ['read', 'update'],
};

const ABILITIES: Record<Role, Partial<Record<Resource, readonly Action[]>>> = {
  staff: {
    store: ['read'],
    self: ['read'],
    customer: ['read', 'create', 'update'],
    customerSync: ['read'],
    customerLink: ['create'],
  },
  manager: { store: ['read'], self: ['read'], ...CUSTOMER_STEWARDSHIP },
  admin: {
    store: ALL,
    user: ALL,
    apiKey: ALL,
    self: ['read'],
    integration: ['read', 'update'],
    syncRun: ['read', 'create'],
    webhookSubscription: ['read', 'create', 'delete'],
    ...CUSTOMER_STEWARDSHIP,
  },
  kiosk: { customer: ['create'], customerLink: ['create'], customerIdentification: ['create'], kioskOrder: ['create'] },
  integration: {},
  customer: { self: ['read', 'update', 'delete'], customer: ['read', 'update', 'delete'], customerExport: ['read'] },
  system: {},
};

/** `subjectId`: the customer the action is about, when there is one. */
export function can(actor: Actor, action: Action, resource: Resource, subjectId?: string): boolean {
  if (!(ABILITIES[actor.role][resource]?.includes(action) ?? false)) return false;
  if (actor.kind === 'customer' && resource !== 'self') return subjectId === actor.customerId;
  return true;
}

export function authorize(actor: Actor, action: Action, resource: Resource, subjectId?: string): void {
  if (!can(actor, action, resource, subjectId)) {
    throw new Forbidden(`The ${actor.role} role may not ${action} ${describe(resource)}.`);
  }
}

function describe(resource: Resource): string {
  switch (resource) {
    case 'apiKey':
      return 'API keys';
    case 'self':
      return 'this profile';
    case 'customerIdNumbers':
      return 'full card and ID numbers';
    case 'customerMerge':
      return 'customer merges';
    case 'customerAudit':
      return 'the audit trail';
    case 'customerExport':
      return 'customer exports';
    case 'erasure':
      return 'erasures';
    case 'dataPolicy':
      return 'the data policy';
    case 'dataQuality':
      return 'data-quality findings';
    case 'integration':
      return 'POS integrations';
    case 'syncRun':
      return 'sync runs';
    case 'customerSync':
      return "customers' sync state";
    case 'customerLink':
      return 'customers to POS links';
    case 'syncConflict':
      return 'sync conflicts';
    case 'webhookSubscription':
      return 'webhook subscriptions';
    case 'customerIdentification':
      return 'customers by phone and date of birth (kiosks only)';
    case 'kioskOrder':
      return 'kiosk orders';
    default:
      return `${resource}s`;
  }
}
