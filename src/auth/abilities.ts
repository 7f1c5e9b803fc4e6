/**
 * The one ability table: role x resource -> allowed actions. Every route is gated on it before its
 * body is read (route-abilities.ts), and services call `authorize` before they touch data, so a
 * route that forgets a check still cannot do what the role may not.
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
  /**
   * Making sure a store's POS knows a customer (`POST /customers/{id}/stores/{storeId}/link`, create),
   * and pushing them there now through that link (`…/push`, update: staff and up, not kiosks).
   */
  | 'customerLink'
  /** Disagreements with a POS that a manager settles. */
  | 'syncConflict'
  /** POS records a pull could not take (listed without their payload). */
  | 'syncQuarantine'
  /** Outbound webhook subscriptions and their delivery log. */
  | 'webhookSubscription'
  /** Kiosk identification by phone and date of birth, which hands out a customer token. */
  | 'customerIdentification'
  /** Signing a customer up at a kiosk and handing them a customer token (`POST /kiosk/signup`). */
  | 'kioskSignup'
  /** Attaching a customer to a kiosk order (`POST /kiosk/orders`). */
  | 'kioskOrder'
  /** Orders of the counter and order-management systems (`POST /orders`), and a customer's orders of every channel. */
  | 'order'
  /** The kiosk's own store as its screens show it: name, consent wording, age rules (`GET /kiosk/store`). */
  | 'kioskStore'
  /**
   * A customer's request from a kiosk awaiting a second factor (export, erasure, identity change):
   * staff list and confirm them in person; confirming a kind also needs the ability to do it.
   */
  | 'customerRequest'
  /** Saved views of the customer search (`/views`): one's own, and the organization's shared ones. */
  | 'customerView'
  /** Deleting a view someone else shared with the organization (one's own is `customerView`). */
  | 'sharedCustomerView'
  /** Segments: the organization's named customer filters and the prebuilt ones (`/segments`). */
  | 'segment';
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
  customerLink: ['create', 'update'],
  syncConflict: ['read', 'update'],
  syncQuarantine: ['read'],
  customerRequest: ['read', 'update'],
  customerView: ['read', 'create', 'delete'],
  sharedCustomerView: ['delete'],
  order: ['read', 'create'],
  segment: ALL,
};

const ABILITIES: Record<Role, Partial<Record<Resource, readonly Action[]>>> = {
  staff: {
    store: ['read'],
    self: ['read'],
    customer: ['read', 'create', 'update'],
    customerSync: ['read'],
    customerLink: ['create', 'update'],
    customerRequest: ['read', 'update'],
    customerView: ['read', 'create', 'delete'],
    order: ['read', 'create'],
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
  kiosk: {
    customer: ['create'],
    customerLink: ['create'],
    customerIdentification: ['create'],
    kioskSignup: ['create'],
    kioskOrder: ['create'],
    kioskStore: ['read'],
  },
  // Order-management systems place orders (POST /orders); a store-bound key at its own store only.
  integration: { order: ['create'] },
  // Export and erasure of their own record only through /me, held for a second factor (kiosk/second-factor/).
  customer: { self: ['read', 'update', 'delete'], customer: ['read', 'update'] },
  system: {},
};

/** Whether the role holds the ability at all, whatever record it is about (the route gate, route-abilities.ts). */
export function roleMay(role: Role, action: Action, resource: Resource): boolean {
  return ABILITIES[role][resource]?.includes(action) ?? false;
}

/** `subjectId`: the customer the action is about, when there is one. */
export function can(actor: Actor, action: Action, resource: Resource, subjectId?: string): boolean {
  if (!roleMay(actor.role, action, resource)) return false;
  if (actor.kind === 'customer' && resource !== 'self') return subjectId === actor.customerId;
  return true;
}

export function authorize(actor: Actor, action: Action, resource: Resource, subjectId?: string): void {
  if (can(actor, action, resource, subjectId)) return;
  if (actor.kind === 'customer' && roleMay(actor.role, action, resource)) {
    throw new Forbidden("A customer token reaches only its own record; ask the store's staff for anything else.");
  }
  throw new Forbidden(refusal(actor.role, action, resource));
}

/**
 * The 403 sentence, built from the table: who is refused, what they tried, and who can do it
 * instead, e.g. "Staff cannot merge customers; ask a manager."
 */
export function refusal(role: Role, action: Action, resource: Resource): string {
  return `${ROLE_NAMES[role]} cannot ${phrase(action, resource)}; ${whoCan(role, action, resource)}.`;
}

const ROLE_NAMES: Record<Role, string> = {
  staff: 'Staff',
  manager: 'Managers',
  admin: 'Admins',
  kiosk: 'Kiosk keys',
  integration: 'Integration keys',
  customer: 'Customer tokens',
  system: "Patron's background jobs",
};

/** Sign-ins from the least to the most powerful: the advice names the first that may. */
const USER_LADDER = ['staff', 'manager', 'admin'] as const;
const KEY_ROLES_IN_ADVICE = ['kiosk', 'integration', 'customer'] as const;

function whoCan(role: Role, action: Action, resource: Resource): string {
  const user = USER_LADDER.find((r) => roleMay(r, action, resource));
  if (user) {
    const named = user === 'staff' ? 'a member of staff' : `${user === 'admin' ? 'an' : 'a'} ${user}`;
    if (role === 'customer') return "ask the store's staff";
    if ((USER_LADDER as readonly Role[]).includes(role)) return `ask ${named}`;
    return `sign in as ${user === 'staff' ? 'staff' : named}`;
  }
  const other = KEY_ROLES_IN_ADVICE.find((r) => roleMay(r, action, resource));
  return other ? `only ${ROLE_NAMES[other].toLowerCase()} can` : 'no role can';
}

/** What the action on the resource is, in words; the generic verb and noun unless a resource reads better. */
const PHRASES: Partial<Record<Resource, Partial<Record<Action, string>>>> = {
  self: { read: 'use /me', update: 'edit a customer profile on /me', delete: 'erase a customer on /me' },
  customerIdNumbers: { read: 'see full card and ID numbers' },
  customerMerge: { update: 'merge customers' },
  customerAudit: { read: 'read the audit trail' },
  customerExport: { read: "export a customer's data" },
  duplicate: { read: 'see suspected duplicates' },
  integration: { update: 'set up POS integrations' },
  syncRun: { create: 'start sync runs' },
  customerLink: { create: 'link customers to a POS', update: 'push customers to a POS' },
  syncConflict: { update: 'settle sync conflicts' },
  customerIdentification: { create: 'identify customers by phone and date of birth' },
  kioskSignup: { create: 'sign customers up at a kiosk' },
  kioskOrder: { create: 'attach customers to kiosk orders' },
  customerRequest: { read: "see customers' requests awaiting confirmation", update: "confirm customers' requests" },
  sharedCustomerView: { delete: 'delete a view someone else shared' },
};

const VERBS: Record<Action, string> = { read: 'see', create: 'create', update: 'change', delete: 'delete' };

function phrase(action: Action, resource: Resource): string {
  return PHRASES[resource]?.[action] ?? `${VERBS[action]} ${describe(resource)}`;
}

function describe(resource: Resource): string {
  switch (resource) {
    case 'apiKey':
      return 'API keys';
    case 'customerIdNumbers':
      return 'full card and ID numbers';
    case 'customerMerge':
      return 'customer merges';
    case 'customerAudit':
      return 'the audit trail';
    case 'customerExport':
      return 'customer exports';
    case 'duplicate':
      return 'suspected duplicates';
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
      return 'links of customers to a POS';
    case 'syncConflict':
      return 'sync conflicts';
    case 'syncQuarantine':
      return 'quarantined POS records';
    case 'webhookSubscription':
      return 'webhook subscriptions';
    case 'customerIdentification':
      return 'kiosk identifications';
    case 'kioskSignup':
      return 'kiosk signups';
    case 'kioskOrder':
      return 'kiosk orders';
    case 'order':
      return 'orders';
    case 'customerRequest':
      return "customers' requests";
    case 'customerView':
      return 'saved views';
    case 'segment':
      return 'segments';
    default:
      return `${resource}s`;
  }
}
