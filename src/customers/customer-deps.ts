/**
 * What the customers service is given at assembly (http/app.ts wires it, http/customer-ports.ts
 * builds the ports): the database, field protection, the ID-number lookup policy, and ports to what
 * other modules hold about a customer. Through the ports the dependency points from sync and kiosk
 * to customers, never back: this module names what it needs, they provide it.
 */
import type { Db } from '../db/database.ts';
import type { Tx } from '../db/tx.ts';
import type { NewCustomer } from '../domain/customer-schema.ts';
import type { FieldProtection } from '../privacy/field-protector.ts';
import { DEFAULT_ID_NUMBER_LOOKUP_POLICY, type IdNumberLookupPolicy } from './id-number-lookups.ts';

/** The home store's POS a new customer is created in right away. */
export interface HomePosTarget {
  storeId: string;
  vendor: string;
}

/** A create at the home store's POS, through the outbox like any other change (sync/outbound/home-store-create.ts). */
export interface HomePosPort {
  /** Where a new customer with this home store is created at once, or null (no store, no integration, on demand). */
  targetOf(db: Db, orgId: string, homeStoreId: string | null): Promise<HomePosTarget | null>;
  /** Refuses (422, every field named) what that POS would refuse, before anything is stored. */
  assertCanCreate(at: HomePosTarget, customer: NewCustomer): void;
  /** The new customer's link to that store, written in the create's transaction before its change row. */
  link(tx: Tx, orgId: string, customerId: string, at: HomePosTarget): Promise<void>;
}

/** For one store both merged customers were linked to: the POS record kept, and the one retired. */
export interface MergedStore {
  storeId: string;
  vendor: string | null;
  keptExternalId: string | null;
  retired: { externalId: string | null; status: 'pending' | 'deactivated' | 'blanked' | 'failed' | 'dropped' };
}

export interface SettledLinks {
  stores: MergedStore[];
  /** Stores both were linked to where the source's POS record was kept: its loyalty balance goes with it. */
  keptFromSource: string[];
}

/** What other modules move in a merge, inside its transaction with both customers locked. */
export interface MergePort {
  /** The source's POS links move to the target; where both were linked to one store, one record is retired. */
  settleLinks(tx: Tx, scope: { orgId: string; targetId: string; sourceId: string }): Promise<SettledLinks>;
  /** Rows other modules keep per customer (kiosk orders) move from the source to the target. */
  moveHeld(tx: Tx, orgId: string, fromId: string, toId: string): Promise<void>;
}

export interface CustomerPorts {
  homePos: HomePosPort;
  merge: MergePort;
}

export interface CustomerDeps {
  db: Db;
  protection: FieldProtection;
  /** How often staff may look a customer up by ID number (id-number-lookups.ts); the default otherwise. */
  idNumberLookups?: IdNumberLookupPolicy | undefined;
  ports: CustomerPorts;
}

export function lookupPolicy(deps: CustomerDeps): IdNumberLookupPolicy {
  return deps.idNumberLookups ?? DEFAULT_ID_NUMBER_LOOKUP_POLICY;
}
