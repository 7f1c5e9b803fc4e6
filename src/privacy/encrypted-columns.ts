/**
 * Every column that holds a ciphertext, with what it is bound to and the blind index kept beside it.
 * Key rotation walks this list; a test compares it with the database's `*_enc` columns, so a new
 * encrypted column that is not listed here fails the build instead of being left behind by a rotation.
 */

import type { ProtectedField } from './field-protector.ts';
import type { SealPurpose } from './vault.ts';

/** The columns of one row that rotation reads: `id`, the scope columns and the encrypted ones. */
export type SealedRow = Record<string, string | null> & { id: string };

/**
 * `field`: a customer's card or ID number, through the field protection of the row's organization,
 * with its blind index beside it. `sealed`: a sync vault value, bound to the scope and purpose.
 */
export type EncryptedColumn =
  | { column: string; kind: 'field'; field: ProtectedField; indexColumn: string }
  | { column: string; kind: 'sealed'; purpose: SealPurpose; scope(row: SealedRow): { orgId: string; storeId: string } };

export interface EncryptedTable {
  table: string;
  /** Columns the contexts need (`org_id`, `store_id`). */
  scope: readonly string[];
  columns: readonly EncryptedColumn[];
}

const byStore = (row: SealedRow) => ({ orgId: row.org_id!, storeId: row.store_id! });

const sealed = (column: string, purpose: SealPurpose): EncryptedColumn => ({
  column,
  kind: 'sealed',
  purpose,
  scope: byStore,
});

export const ENCRYPTED_TABLES: readonly EncryptedTable[] = [
  {
    table: 'customers',
    scope: ['org_id'],
    columns: [
      { column: 'id_document_number_enc', kind: 'field', field: 'idNumber', indexColumn: 'id_document_number_index' },
      {
        column: 'medical_card_number_enc',
        kind: 'field',
        field: 'medicalCardNumber',
        indexColumn: 'medical_card_number_index',
      },
    ],
  },
  {
    table: 'store_integrations',
    scope: ['org_id', 'store_id'],
    columns: [sealed('credentials_enc', 'pos-credentials'), sealed('webhook_secret_enc', 'webhook-secret')],
  },
  {
    table: 'quarantined_records',
    scope: ['org_id', 'store_id'],
    columns: [sealed('raw_enc', 'quarantine')],
  },
  {
    table: 'sync_conflicts',
    scope: ['org_id', 'store_id'],
    columns: [sealed('local_value_enc', 'conflict'), sealed('pos_value_enc', 'conflict')],
  },
  {
    table: 'customer_links',
    scope: ['org_id', 'store_id'],
    columns: [sealed('pos_base_enc', 'pos-base')],
  },
  {
    // A subscription belongs to no store: its secret is bound to the subscription's own id instead.
    table: 'webhook_subscriptions',
    scope: ['org_id'],
    columns: [
      {
        column: 'secret_enc',
        kind: 'sealed',
        purpose: 'webhook-subscription',
        scope: (row) => ({ orgId: row.org_id!, storeId: row.id }),
      },
    ],
  },
];
