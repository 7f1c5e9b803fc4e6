/**
 * The ports of privacy's use cases (erasure, the data-subject export, the erasure status), filled at
 * assembly (http/privacy-ports.ts). Those use cases reach data other modules own: sync's links and
 * conflicts, kiosk's orders and requests, loyalty's balances. Each owner contributes its part through
 * a port, so privacy names what it needs and writes only its own tables, and the dependency points
 * from sync and kiosk to privacy, never back (DESIGN "Shape of the code").
 */
import type { Db } from '../db/database.ts';
import type { Tx } from '../db/tx.ts';

/**
 * A module's part of an erasure: what it holds on `customerIds` (the customer and every record merged
 * into it) is deleted or blanked, inside the erasure's transaction with the customer locked.
 */
export interface ErasureParticipant {
  /** The owning module, for reading and errors. */
  module: string;
  erase(tx: Tx, orgId: string, customerIds: readonly string[]): Promise<void>;
}

/** A POS link of the customer as the export lists it (sync's). */
export interface ExportedLink {
  storeId: string;
  storeName: string;
  vendor: string | null;
  externalId: string | null;
  status: string;
  lastSyncedAt: Date | null;
  lastSeenAt: Date | null;
  lastError: string | null;
  issues: { field: string; problem: string }[];
  createdAt: Date;
}

/** A sync conflict as stored: both values sealed, opened by the export with the sync vault. */
export interface SealedConflict {
  storeId: string;
  field: string;
  localValueEnc: string | null;
  posValueEnc: string | null;
  status: string;
  detectedAt: Date;
  resolvedAt: Date | null;
}

/** A kiosk order the person was attached to, with the POS id each store knows them by (kiosk's). */
export interface ExportedKioskOrder {
  storeId: string;
  orderRef: string;
  posCustomerId: string | null;
  createdAt: Date;
}

/** The sections of the data-subject export other modules hold. */
export interface ExportSections {
  /** The POS links of the live customer `customerId`, oldest first. */
  links(db: Db, orgId: string, customerId: string): Promise<ExportedLink[]>;
  /** The sync conflicts of `customerIds`, oldest first. */
  syncConflicts(db: Db, orgId: string, customerIds: string[]): Promise<SealedConflict[]>;
  kioskOrders(db: Db, orgId: string, customerIds: string[]): Promise<ExportedKioskOrder[]>;
}

/** What the erasure propagation recorded at one store the customer is linked to (sync's). */
export interface StorePropagation {
  storeId: string;
  vendor: string | null;
  /** Whether the store has an enabled POS integration (Patron can ask its POS). */
  enabled: boolean | null;
  linkError: string | null;
  outcome: 'deactivated' | 'blanked' | 'absent' | 'failed' | null;
  detail: string | null;
}

export interface PrivacyPorts {
  /** Called in this order inside each erasure's transaction, after the customer rows are blanked. */
  erasure: readonly ErasureParticipant[];
  export: ExportSections;
  /** Per store the customer is linked to, what the erasure propagation recorded, by store id. */
  propagationsOf(db: Db, orgId: string, customerId: string): Promise<StorePropagation[]>;
}
