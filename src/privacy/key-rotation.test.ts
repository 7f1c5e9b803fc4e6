import { afterEach, describe, expect, it } from 'vitest';
import {
  allCiphertexts,
  expectReadableWith,
  keyIdsInUse,
  writeEncryptedData,
} from '../../test/support/encrypted-data.ts';
import { createTestApp, TEST_MASTER_KEY, type TestApp } from '../../test/support/test-app.ts';
import { createTestDatabase } from '../../test/support/test-database.ts';
import { searchCustomers } from '../customers/search.ts';
import { runInOrg } from '../db/org-scope.ts';
import { ENCRYPTED_TABLES } from './encrypted-columns.ts';
import { createFieldCipher } from './field-encryption.ts';
import { createFieldProtection } from './field-protector.ts';
import { keyIdOf } from './key-derivation.ts';
import { rotateKeys } from './key-rotation.ts';

const KEY_A = TEST_MASTER_KEY;
const KEY_B = Buffer.alloc(32, 11);
const KEY_C = Buffer.alloc(32, 13);

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('key rotation', () => {
  it('moves every ciphertext and blind index to the new key; the new key alone then reads and finds everything', async () => {
    t = await createTestApp();
    const data = await writeEncryptedData(t);
    expect(await keyIdsInUse(t)).toEqual(new Set([keyIdOf(KEY_A)]));

    const result = await rotateKeys({ pool: t.database.pool, masterKey: KEY_B, retiredKeys: [KEY_A] });

    expect(result.undecryptable).toEqual([]);
    expect(result.interrupted).toBe(false);
    const byTable = Object.fromEntries(result.tables.map((s) => [s.table, s]));
    expect(byTable.customers).toMatchObject({ scanned: data.idNumbers.size, rotated: data.idNumbers.size, current: 0 });
    for (const table of [
      'store_integrations',
      'quarantined_records',
      'sync_conflicts',
      'customer_links',
      'webhook_subscriptions',
    ]) {
      expect(byTable[table]).toMatchObject({ scanned: 1, rotated: 1, undecryptable: 0 });
    }
    expect(await keyIdsInUse(t)).toEqual(new Set([keyIdOf(KEY_B)]));
    await expectReadableWith(t, data, KEY_B);

    // Lookups by ID and card number (blind indexes) find the customers with B alone.
    const protector = createFieldProtection(KEY_B).forOrg(data.orgId);
    // As a request of the organization would (row-level security).
    const db = t.database.db;
    const search = (idNumber: string) =>
      runInOrg(data.orgId, () => searchCustomers(db, data.orgId, { idNumber, limit: 10 }, protector));
    for (const [id, idNumber] of data.idNumbers) {
      expect((await search(idNumber)).items.map((c) => c.id)).toEqual([id]);
      expect((await search(data.cardNumbers.get(id)!.toLowerCase())).items.map((c) => c.id)).toEqual([id]);
    }

    // A second run finds nothing left to do.
    const again = await rotateKeys({ pool: t.database.pool, masterKey: KEY_B, retiredKeys: [KEY_A] });
    expect(again.tables.every((s) => s.rotated === 0 && s.current === s.scanned)).toBe(true);
  });

  it('resumes an interrupted rotation: a re-run finishes what the first left', async () => {
    t = await createTestApp();
    const data = await writeEncryptedData(t, 5);
    const controller = new AbortController();
    let batches = 0;

    const first = await rotateKeys({
      pool: t.database.pool,
      masterKey: KEY_B,
      retiredKeys: [KEY_A],
      batchSize: 1,
      signal: controller.signal,
      onProgress: () => {
        batches += 1;
        if (batches === 3) controller.abort();
      },
    });

    expect(first.interrupted).toBe(true);
    expect(first.tables.map((s) => s.table)).toEqual(['customers']);
    expect(first.tables[0]).toMatchObject({ scanned: 3, rotated: 3 });
    // Half-way, both keys are in use and the service (B, retiring A) still reads everything.
    expect(await keyIdsInUse(t)).toEqual(new Set([keyIdOf(KEY_A), keyIdOf(KEY_B)]));

    const second = await rotateKeys({ pool: t.database.pool, masterKey: KEY_B, retiredKeys: [KEY_A], batchSize: 1 });
    expect(second.interrupted).toBe(false);
    expect(second.tables[0]).toMatchObject({ table: 'customers', scanned: 5, rotated: 2, current: 3 });
    expect(await keyIdsInUse(t)).toEqual(new Set([keyIdOf(KEY_B)]));
    await expectReadableWith(t, data, KEY_B);
  });

  it('reports a value no key opens, leaves it as it was, and rotates the rest', async () => {
    t = await createTestApp();
    const data = await writeEncryptedData(t);
    const [lostCustomer] = [...data.idNumbers.keys()];
    const unknownKeyValue = createFieldProtection(KEY_C).forOrg(data.orgId).encrypt('idNumber', 'D999');
    await t.database.pool.query('UPDATE customers SET id_document_number_enc = $2 WHERE id = $1', [
      lostCustomer,
      unknownKeyValue,
    ]);
    const { rows } = await t.database.pool.query<{ id: string }>(
      "UPDATE quarantined_records SET raw_enc = 'not-a-ciphertext' RETURNING id",
    );

    const result = await rotateKeys({ pool: t.database.pool, masterKey: KEY_B, retiredKeys: [KEY_A] });

    expect(result.undecryptable).toEqual([
      { table: 'customers', id: lostCustomer, column: 'id_document_number_enc' },
      { table: 'quarantined_records', id: rows[0]!.id, column: 'raw_enc' },
    ]);
    const after = await allCiphertexts(t);
    expect(after.find((c) => c.id === lostCustomer && c.column === 'id_document_number_enc')?.value).toBe(
      unknownKeyValue,
    );
    expect(after.find((c) => c.table === 'quarantined_records')?.value).toBe('not-a-ciphertext');
    // The same customer's card number, and everything else, moved to B.
    const cipher = createFieldCipher(KEY_B);
    const others = after.filter((c) => c.value !== unknownKeyValue && c.value !== 'not-a-ciphertext');
    expect(others.length).toBeGreaterThan(data.idNumbers.size);
    expect(others.every((c) => cipher.keyIdOf(c.value) === keyIdOf(KEY_B))).toBe(true);
    expect(result.tables.find((s) => s.table === 'customers')).toMatchObject({
      rotated: data.idNumbers.size,
      undecryptable: 1,
    });
  });

  it('covers every encrypted column of the database', async () => {
    const database = await createTestDatabase();
    try {
      const { rows } = await database.pool.query<{ name: string }>(
        `SELECT table_name || '.' || column_name AS name FROM information_schema.columns
          WHERE table_schema = 'public' AND column_name LIKE '%\\_enc' ORDER BY 1`,
      );
      const listed = ENCRYPTED_TABLES.flatMap((t) => t.columns.map((c) => `${t.table}.${c.column}`)).sort();
      expect(listed).toEqual(rows.map((r) => r.name));
    } finally {
      await database.close();
    }
  });
});
