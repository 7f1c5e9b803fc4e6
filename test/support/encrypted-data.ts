/**
 * Data in every encrypted column, written under the test app's key (TEST_MASTER_KEY): customers with
 * card and ID numbers through the API, and one sealed value of each sync purpose through the vault.
 * Returns what each ciphertext should still decrypt to, for key rotation tests.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { ENCRYPTED_TABLES } from '../../src/privacy/encrypted-columns.ts';
import { createFieldCipher } from '../../src/privacy/field-encryption.ts';
import { createFieldProtection } from '../../src/privacy/field-protector.ts';
import { createSyncVault, type SealPurpose } from '../../src/privacy/vault.ts';
import { medicalBody } from './customer-fixtures.ts';
import { TEST_MASTER_KEY, type TestApp } from './test-app.ts';

export interface EncryptedData {
  orgId: string;
  storeId: string;
  /** Customer id -> ID-document number, as written. */
  idNumbers: Map<string, string>;
  /** Customer id -> medical card number, as written. */
  cardNumbers: Map<string, string>;
  /** Sealed values, by `table:id:column`. */
  sealed: Map<string, unknown>;
}

export async function writeEncryptedData(t: TestApp, customers = 4): Promise<EncryptedData> {
  const orgId = t.demo.orgId;
  const storeId = Object.values(t.demo.storeIds)[0]!;
  const data: EncryptedData = { orgId, storeId, idNumbers: new Map(), cardNumbers: new Map(), sealed: new Map() };
  for (let n = 0; n < customers; n++) {
    const idNumber = `D${700000 + n}-ROT`;
    const res = await t.request(
      'POST',
      '/api/v1/customers',
      t.tokens.manager,
      medicalBody(900 + n, { idDocument: { type: 'drivers_license', number: idNumber, state: 'NV' } }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json<{ id: string }>().id;
    data.idNumbers.set(id, idNumber);
    data.cardNumbers.set(id, `MED-${100000 + 900 + n}`);
  }
  const [customerId] = [...data.idNumbers.keys()];
  const vault = createSyncVault(TEST_MASTER_KEY);
  const scope = { orgId, storeId };
  const pool = t.database.pool;
  const insert = async (sql: string, params: unknown[], table: string, columns: Record<string, unknown>) => {
    const { rows } = await pool.query<{ id: string }>(sql, params);
    for (const [column, value] of Object.entries(columns)) data.sealed.set(`${table}:${rows[0]!.id}:${column}`, value);
  };

  const credentials = { apiKey: 'pos-api-key-for-rotation', baseUrl: 'https://pos.example.test' };
  const webhookSecret = 'inbound-webhook-secret-for-rotation';
  await pool.query('DELETE FROM store_integrations WHERE org_id = $1 AND store_id = $2', [orgId, storeId]);
  await insert(
    `INSERT INTO store_integrations (org_id, store_id, vendor, credentials_enc, webhook_secret_enc, base_url, poll_interval_seconds)
     VALUES ($1, $2, 'treez', $3, $4, 'https://pos.example.test', 300) RETURNING id`,
    [
      orgId,
      storeId,
      vault.seal(scope, 'pos-credentials', credentials),
      vault.seal(scope, 'webhook-secret', webhookSecret),
    ],
    'store_integrations',
    { credentials_enc: credentials, webhook_secret_enc: webhookSecret },
  );
  const subscriptionId = randomUUID();
  const subscriptionSecret = 'outbound-signing-secret-for-rotation';
  await insert(
    `INSERT INTO webhook_subscriptions (id, org_id, url, events, secret_enc)
     VALUES ($1, $2, 'https://hooks.example.test/patron', '{created}', $3) RETURNING id`,
    [subscriptionId, orgId, vault.seal({ orgId, storeId: subscriptionId }, 'webhook-subscription', subscriptionSecret)],
    'webhook_subscriptions',
    { secret_enc: subscriptionSecret },
  );
  const raw = { id: 'ext-1', first: 'Raw', dob: 'not-a-date' };
  await insert(
    `INSERT INTO quarantined_records (org_id, store_id, reason, raw_enc) VALUES ($1, $2, 'unreadable', $3) RETURNING id`,
    [orgId, storeId, vault.seal(scope, 'quarantine', raw)],
    'quarantined_records',
    { raw_enc: raw },
  );
  await insert(
    `INSERT INTO sync_conflicts (org_id, customer_id, store_id, field, local_value_enc, pos_value_enc)
     VALUES ($1, $2, $3, 'dateOfBirth', $4, $5) RETURNING id`,
    [orgId, customerId, storeId, vault.seal(scope, 'conflict', '1988-04-02'), vault.seal(scope, 'conflict', null)],
    'sync_conflicts',
    { local_value_enc: '1988-04-02', pos_value_enc: null },
  );
  const base = { firstName: 'Kathleen', phone: '+17025551900' };
  await insert(
    `INSERT INTO customer_links (org_id, customer_id, store_id, external_id, pos_base_enc)
     VALUES ($1, $2, $3, 'ext-rot-1', $4) RETURNING id`,
    [orgId, customerId, storeId, vault.seal(scope, 'pos-base', base)],
    'customer_links',
    { pos_base_enc: base },
  );
  return data;
}

/** Every non-null ciphertext of every encrypted table, with where it is. */
export async function allCiphertexts(
  t: TestApp,
): Promise<{ table: string; id: string; column: string; value: string }[]> {
  const found: { table: string; id: string; column: string; value: string }[] = [];
  for (const table of ENCRYPTED_TABLES) {
    for (const { column } of table.columns) {
      const { rows } = await t.database.pool.query<{ id: string; value: string }>(
        `SELECT id, ${column} AS value FROM ${table.table} WHERE ${column} IS NOT NULL`,
      );
      for (const row of rows) found.push({ table: table.table, column, ...row });
    }
  }
  return found;
}

/** Checks that every value reads back as written with `key` alone. */
export async function expectReadableWith(t: TestApp, data: EncryptedData, key: Buffer): Promise<void> {
  const protector = createFieldProtection(key).forOrg(data.orgId);
  const vault = createSyncVault(key);
  const { rows } = await t.database.pool.query<{
    id: string;
    id_document_number_enc: string | null;
    medical_card_number_enc: string | null;
  }>('SELECT id, id_document_number_enc, medical_card_number_enc FROM customers WHERE id = ANY($1::uuid[])', [
    [...data.idNumbers.keys()],
  ]);
  expect(rows).toHaveLength(data.idNumbers.size);
  for (const row of rows) {
    expect(protector.decrypt('idNumber', row.id_document_number_enc!)).toBe(data.idNumbers.get(row.id));
    expect(protector.decrypt('medicalCardNumber', row.medical_card_number_enc!)).toBe(data.cardNumbers.get(row.id));
  }
  const purposes: Record<string, SealPurpose> = {
    credentials_enc: 'pos-credentials',
    webhook_secret_enc: 'webhook-secret',
    raw_enc: 'quarantine',
    local_value_enc: 'conflict',
    pos_value_enc: 'conflict',
    pos_base_enc: 'pos-base',
    secret_enc: 'webhook-subscription',
  };
  for (const [where, value] of data.sealed) {
    const [table, id, column] = where.split(':') as [string, string, string];
    const { rows: sealed } = await t.database.pool.query<{ value: string }>(
      `SELECT ${column} AS value FROM ${table} WHERE id = $1`,
      [id],
    );
    // A subscription's secret is bound to its own id, every other sealed value to the store.
    const storeId = table === 'webhook_subscriptions' ? id : data.storeId;
    expect(vault.open({ orgId: data.orgId, storeId }, purposes[column]!, sealed[0]!.value)).toEqual(value);
  }
}

/** The key ids found, for checks such as "everything is under B now". */
export async function keyIdsInUse(t: TestApp): Promise<Set<string>> {
  const cipher = createFieldCipher(TEST_MASTER_KEY);
  return new Set((await allCiphertexts(t)).map((c) => cipher.keyIdOf(c.value)));
}
