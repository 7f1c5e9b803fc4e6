/**
 * Master key rotation: every ciphertext of every encrypted column re-encrypted with the current key,
 * every blind index recomputed under it. Rows are walked by id (keyset), one transaction per batch
 * with the batch locked, so the service can keep running and an interrupted rotation resumes by
 * running again: values already under the current key id are skipped. A value no loaded key opens is
 * left as it is and reported (table, id, column), never overwritten: data is not lost.
 */
import type pg from 'pg';
import { ENCRYPTED_TABLES, type EncryptedTable, type SealedRow } from './encrypted-columns.ts';
import { createFieldCipher, type FieldCipher } from './field-encryption.ts';
import { createFieldProtection, type FieldProtection } from './field-protector.ts';
import { createSyncVault, type SyncVault } from './vault.ts';

export const DEFAULT_ROTATION_BATCH_SIZE = 500;

export interface RotationOptions {
  pool: pg.Pool;
  masterKey: Buffer;
  retiredKeys: readonly Buffer[];
  batchSize?: number;
  /** Checked between batches: an aborted rotation stops after the batch in progress commits. */
  signal?: AbortSignal;
  /** After every batch, with the table's counts so far. */
  onProgress?: (progress: TableSummary) => void;
  /** Defaults to every encrypted table; tests may narrow it. */
  tables?: readonly EncryptedTable[];
}

export interface TableSummary {
  table: string;
  /** Rows holding at least one ciphertext that were looked at. */
  scanned: number;
  /** Rows with at least one value re-encrypted. */
  rotated: number;
  /** Rows whose values were all under the current key already. */
  current: number;
  /** Values no loaded key could decrypt (left untouched). */
  undecryptable: number;
}

export interface UndecryptableValue {
  table: string;
  id: string;
  column: string;
}

export interface RotationResult {
  keyId: string;
  tables: TableSummary[];
  undecryptable: UndecryptableValue[];
  /** True when the signal stopped the rotation before the last table was done. */
  interrupted: boolean;
}

export async function rotateKeys(options: RotationOptions): Promise<RotationResult> {
  // Through the same protection and vault the service uses, so contexts and formats cannot drift.
  const keys: RotationKeys = {
    cipher: createFieldCipher(options.masterKey, options.retiredKeys),
    protection: createFieldProtection(options.masterKey, options.retiredKeys),
    vault: createSyncVault(options.masterKey, options.retiredKeys),
  };
  const batchSize = options.batchSize ?? DEFAULT_ROTATION_BATCH_SIZE;
  const result: RotationResult = { keyId: keys.cipher.keyId, tables: [], undecryptable: [], interrupted: false };

  for (const table of options.tables ?? ENCRYPTED_TABLES) {
    const summary: TableSummary = { table: table.table, scanned: 0, rotated: 0, current: 0, undecryptable: 0 };
    result.tables.push(summary);
    let after: string | null = null;
    for (;;) {
      if (options.signal?.aborted) {
        result.interrupted = true;
        return result;
      }
      const batch = await rotateBatch(options.pool, table, after, batchSize, keys, summary, result);
      if (batch.last === null) break;
      after = batch.last;
      options.onProgress?.({ ...summary });
      if (batch.count < batchSize) break;
    }
  }
  return result;
}

async function rotateBatch(
  pool: pg.Pool,
  table: EncryptedTable,
  after: string | null,
  batchSize: number,
  keys: RotationKeys,
  summary: TableSummary,
  result: RotationResult,
): Promise<{ last: string | null; count: number }> {
  // Identifiers come from the fixed catalogue, never from input, so they can be spliced in.
  const encrypted = table.columns.map((c) => c.column);
  const select = ['id', ...table.scope, ...encrypted].join(', ');
  const anyValue = encrypted.map((c) => `${c} IS NOT NULL`).join(' OR ');
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // FOR UPDATE: a concurrent write by the running service waits for this batch (or this batch for
    // it), so a value it writes meanwhile is never replaced by an older one re-encrypted.
    const { rows } = await client.query<SealedRow>(
      `SELECT ${select} FROM ${table.table}
        WHERE (${anyValue}) AND ($1::uuid IS NULL OR id > $1::uuid)
        ORDER BY id LIMIT $2 FOR UPDATE`,
      [after, batchSize],
    );
    for (const row of rows) {
      const { changes, failed } = rotateRow(table, row, keys, result);
      summary.scanned += 1;
      summary.undecryptable += failed;
      if (changes.size === 0) {
        if (failed === 0) summary.current += 1;
        continue;
      }
      const columns = [...changes.keys()];
      await client.query(
        `UPDATE ${table.table} SET ${columns.map((c, i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1`,
        [row.id, ...changes.values()],
      );
      summary.rotated += 1;
    }
    await client.query('COMMIT');
    return { last: rows.at(-1)?.id ?? null, count: rows.length };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

interface RotationKeys {
  /** Only to read key ids; values are opened and written through protection and vault. */
  cipher: FieldCipher;
  protection: FieldProtection;
  vault: SyncVault;
}

/** The new values of one row (column -> value), empty when nothing needs or allows a change, and how many values failed. */
function rotateRow(
  table: EncryptedTable,
  row: SealedRow,
  keys: RotationKeys,
  result: RotationResult,
): { changes: Map<string, string>; failed: number } {
  const changes = new Map<string, string>();
  let failed = 0;
  for (const column of table.columns) {
    const value = row[column.column];
    if (value === null || value === undefined) continue;
    try {
      if (keys.cipher.keyIdOf(value) === keys.cipher.keyId) continue;
      if (column.kind === 'field') {
        const protector = keys.protection.forOrg(row.org_id!);
        const plaintext = protector.decrypt(column.field, value);
        changes.set(column.column, protector.encrypt(column.field, plaintext));
        changes.set(column.indexColumn, protector.blindIndex(column.field, plaintext));
      } else {
        const scope = column.scope(row);
        changes.set(
          column.column,
          keys.vault.seal(scope, column.purpose, keys.vault.open(scope, column.purpose, value)),
        );
      }
    } catch {
      // Unknown key id, altered value or not a ciphertext at all: keep it, say where it is.
      failed += 1;
      result.undecryptable.push({ table: table.table, id: row.id, column: column.column });
    }
  }
  return { changes, failed };
}
