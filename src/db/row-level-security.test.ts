/**
 * Row-level security (migration 0011, org-scope.ts): with two organizations holding a row in every
 * customer-data table, the application's connection sees, changes and adds only the rows of the
 * organization in scope, nothing without one, and cannot switch the policies off.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { ensureDemo } from '../demo/demo-organization.ts';
import { AUTHORIZATION_KINDS } from '../domain/data-profiles.ts';
import { connect, type Database } from './database.ts';
import { runInOrg } from './org-scope.ts';

/** Every table holding customer data; each gets one row per organization below. */
const RLS_TABLES = [
  'customers',
  'consent_events',
  'audit_events',
  'suspected_duplicates',
  'erasures',
  'customer_links',
  'quarantined_records',
  'sync_conflicts',
  'sync_outbox',
  'erasure_propagations',
  'data_quality_flags',
  'webhook_deliveries',
  'sync_runs',
  'kiosk_orders',
  'customer_authorizations',
  'loyalty_balances',
  'webhook_receipts',
  'customer_requests',
  'customer_name_terms',
  'customer_views',
  'segments',
];

/** Tables with an `org_id` read before the organization is known (see the migration's comment). */
const WITHOUT_RLS = [
  'api_keys',
  'customer_tokens',
  'data_policies',
  'invitations',
  'sessions',
  'store_integrations',
  'stores',
  'users',
  'webhook_subscriptions',
];

let database: TestDatabase;
let orgA: string;
let orgB: string;
const customerOf: Record<string, string> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  const demo = await ensureDemo(database.ownerDb, 'rls-test-password');
  orgA = demo.orgId;
  orgB = (await database.pool.query("SELECT id FROM organizations WHERE slug = 'other-dispensary'")).rows[0].id;
  customerOf[orgA] = await fillEveryTable(database, orgA);
  customerOf[orgB] = await fillEveryTable(database, orgB);
});
afterAll(() => database?.close());

/** One row in each customer-data table for the organization, written by the owner. */
async function fillEveryTable(db: Database, orgId: string): Promise<string> {
  const q = (text: string, values: unknown[]) => db.pool.query(text, values);
  const store = (await q('SELECT id FROM stores WHERE org_id = $1 ORDER BY name LIMIT 1', [orgId])).rows[0].id;
  const one = async (text: string, values: unknown[]) => (await q(text, values)).rows[0]?.id as string;
  const customer = await one(
    `INSERT INTO customers (org_id, first_name, last_name, date_of_birth, customer_type, consents)
     VALUES ($1, 'Row', 'Level', '1980-01-01', 'adult', '{"sms":{"granted":false,"at":null,"source":null},"email":{"granted":false,"at":null,"source":null}}')
     RETURNING id`,
    [orgId],
  );
  const other = await one(
    `INSERT INTO customers (org_id, first_name, last_name, date_of_birth, customer_type, consents)
     SELECT org_id, 'Other', 'Person', date_of_birth, customer_type, consents FROM customers WHERE id = $1 RETURNING id`,
    [customer],
  );
  await q(
    `INSERT INTO consent_events (org_id, customer_id, channel, granted, source, at, recorded_by)
     VALUES ($1, $2, 'sms', true, 'test', now(), 'test')`,
    [orgId, customer],
  );
  await q(`INSERT INTO audit_events (org_id, actor, action, customer_id) VALUES ($1, 'test', 'view', $2)`, [
    orgId,
    customer,
  ]);
  await q(
    `INSERT INTO suspected_duplicates (org_id, customer_a, customer_b, reason) VALUES ($1, $2, $3, 'same_phone')`,
    [orgId, customer, other],
  );
  await q(`INSERT INTO erasures (org_id, customer_id, requested_by, status) VALUES ($1, $2, 'test', 'completed')`, [
    orgId,
    other,
  ]);
  await q(`INSERT INTO customer_links (org_id, customer_id, store_id, external_id) VALUES ($1, $2, $3, 'x1')`, [
    orgId,
    customer,
    store,
  ]);
  const run = await one(
    `INSERT INTO sync_runs (org_id, store_id, mode, trigger, status, stats)
     VALUES ($1, $2, 'full', 'request', 'succeeded', '{}') RETURNING id`,
    [orgId, store],
  );
  await q(
    `INSERT INTO quarantined_records (org_id, store_id, run_id, reason, raw_enc) VALUES ($1, $2, $3, 'test', 'sealed')`,
    [orgId, store, run],
  );
  await q(`INSERT INTO sync_conflicts (org_id, customer_id, store_id, field) VALUES ($1, $2, $3, 'dateOfBirth')`, [
    orgId,
    customer,
    store,
  ]);
  await q(`INSERT INTO sync_outbox (org_id, customer_id, kind, dispatched_at) VALUES ($1, $2, 'upsert', now())`, [
    orgId,
    customer,
  ]);
  await q(`INSERT INTO erasure_propagations (org_id, customer_id, store_id, outcome) VALUES ($1, $2, $3, 'blanked')`, [
    orgId,
    other,
    store,
  ]);
  await q(`INSERT INTO data_quality_flags (org_id, customer_id, kind) VALUES ($1, $2, 'medical_card_expired')`, [
    orgId,
    customer,
  ]);
  const subscription = await one(
    `INSERT INTO webhook_subscriptions (org_id, url, events, secret_enc)
     VALUES ($1, 'https://example.test/hook', '{updated}', 'sealed') RETURNING id`,
    [orgId],
  );
  await q(
    `INSERT INTO webhook_deliveries (org_id, subscription_id, event, customer_id, occurred_at)
     VALUES ($1, $2, 'updated', $3, now())`,
    [orgId, subscription, customer],
  );
  await q(`INSERT INTO kiosk_orders (org_id, store_id, order_ref, customer_id) VALUES ($1, $2, 'order-1', $3)`, [
    orgId,
    store,
    customer,
  ]);
  await q(
    `INSERT INTO customer_authorizations (org_id, customer_id, kind, source, wording, at, recorded_by)
     VALUES ($1, $2, $3, 'paper form', 'I agree', now(), 'test')`,
    [orgId, customer, AUTHORIZATION_KINDS[0]],
  );
  await q(
    `INSERT INTO loyalty_balances (org_id, customer_id, store_id, vendor, points, read_at)
     VALUES ($1, $2, $3, 'treez', 10, now())`,
    [orgId, customer, store],
  );
  await q(
    `INSERT INTO webhook_receipts (org_id, store_id, replay_key, expires_at)
     VALUES ($1, $2, 'sig:test', now() + interval '5 minutes')`,
    [orgId, store],
  );
  await q(
    `INSERT INTO customer_requests (org_id, customer_id, kind, requested_by, expires_at)
     VALUES ($1, $2, 'export', 'test', now() + interval '10 minutes')`,
    [orgId, customer],
  );
  const user = (await q('SELECT id FROM users WHERE org_id = $1 ORDER BY email LIMIT 1', [orgId])).rows[0].id;
  await q(
    `INSERT INTO customer_views (org_id, owner_id, name, filter, shared) VALUES ($1, $2, 'Medical', '{"customerType":"medical"}', true)`,
    [orgId, user],
  );
  await q(`INSERT INTO segments (org_id, name, filter) VALUES ($1, 'Medical', '{"customerType":"medical"}')`, [orgId]);
  return customer;
}

const orgsIn = async (table: string) => {
  const result = await database.db.execute<{ org_id: string }>(sql`SELECT org_id FROM ${sql.identifier(table)}`);
  return result.rows.map((r) => r.org_id);
};

describe('row-level security', () => {
  it('covers every table with an org_id but those read before the organization is known', async () => {
    const { rows } = await database.pool.query<{ table_name: string; rls: boolean }>(
      `SELECT c.relname AS table_name, c.relrowsecurity AS rls
         FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'org_id'
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' ORDER BY 1`,
    );
    expect(rows.filter((r) => r.rls).map((r) => r.table_name)).toEqual([...RLS_TABLES].sort());
    expect(rows.filter((r) => !r.rls).map((r) => r.table_name)).toEqual(WITHOUT_RLS);
  });

  it.each(RLS_TABLES)('a query of %s without an org_id filter sees only the organization in scope', async (table) => {
    const owner = await database.pool.query(`SELECT DISTINCT org_id FROM ${table}`);
    expect(owner.rows.map((r) => r.org_id).sort()).toEqual([orgA, orgB].sort());
    const seenByA = await runInOrg(orgA, () => orgsIn(table));
    expect(seenByA.length).toBeGreaterThan(0);
    expect(new Set(seenByA)).toEqual(new Set([orgA]));
    const seenByB = await runInOrg(orgB, () => orgsIn(table));
    expect(new Set(seenByB)).toEqual(new Set([orgB]));
  });

  it.each(RLS_TABLES)('a query of %s with no organization set sees nothing', async (table) => {
    // The connection just carried an organization: it must not keep it for the next caller.
    await runInOrg(orgA, () => orgsIn(table));
    expect(await orgsIn(table)).toEqual([]);
  });

  it('transactions see only their organization, and set it for themselves', async () => {
    const seen = await runInOrg(orgB, () =>
      database.db.transaction(async (tx) => {
        const rows = await tx.execute<{ org_id: string; setting: string }>(
          sql`SELECT org_id, current_setting('app.org_id') AS setting FROM customers`,
        );
        return rows.rows;
      }),
    );
    expect(seen.length).toBe(2);
    expect(new Set(seen.map((r) => r.org_id))).toEqual(new Set([orgB]));
    expect(new Set(seen.map((r) => r.setting))).toEqual(new Set([orgB]));
  });

  it('refuses to insert a row of another organization, or to move a row into one', async () => {
    const insert = runInOrg(orgA, () =>
      database.db.execute(sql`
        INSERT INTO audit_events (org_id, actor, action, customer_id)
        VALUES (${orgB}, 'intruder', 'view', ${customerOf[orgB]})`),
    );
    await expect(insert).rejects.toMatchObject({ cause: { code: '42501' } });
    const move = runInOrg(orgA, () =>
      database.db.execute(sql`UPDATE customers SET org_id = ${orgB} WHERE id = ${customerOf[orgA]}`),
    );
    await expect(move).rejects.toMatchObject({ cause: { code: '42501' } });
    await expect(
      database.db.execute(
        sql`INSERT INTO sync_outbox (org_id, customer_id, kind) VALUES (${orgA}, ${customerOf[orgA]}, 'upsert')`,
      ),
    ).rejects.toMatchObject({ cause: { code: '42501' } });
  });

  it("cannot change or delete another organization's rows: they are not there to touch", async () => {
    const changed = await runInOrg(orgA, () =>
      database.db.execute(sql`UPDATE customers SET notes = 'changed by A' WHERE id = ${customerOf[orgB]}`),
    );
    expect(changed.rowCount).toBe(0);
    const deleted = await runInOrg(orgA, () =>
      database.db.execute(sql`DELETE FROM customer_links WHERE org_id = ${orgB}`),
    );
    expect(deleted.rowCount).toBe(0);
    const after = await database.pool.query('SELECT notes FROM customers WHERE id = $1', [customerOf[orgB]]);
    expect(after.rows[0].notes).toBeNull();
  });

  it('runs as a role that owns nothing, cannot bypass RLS and may not change the audit trail', async () => {
    const role = await database.db.execute<{ name: string; superuser: boolean; bypass: boolean; owns: number }>(sql`
      SELECT current_user AS name, r.rolsuper AS superuser, r.rolbypassrls AS bypass,
             (SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user) AS owns
        FROM pg_roles r WHERE r.rolname = current_user`);
    expect(role.rows[0]).toEqual({ name: 'patron_app', superuser: false, bypass: false, owns: 0 });
    const off = runInOrg(orgA, () =>
      database.db.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL row_security = off`);
        return tx.execute(sql`SELECT org_id FROM customers`);
      }),
    );
    await expect(off).rejects.toMatchObject({ cause: { code: '42501' } });
    const rewrite = runInOrg(orgA, () => database.db.execute(sql`UPDATE audit_events SET actor = 'someone else'`));
    await expect(rewrite).rejects.toMatchObject({ cause: { code: '42501' } });
  });

  it('may use the search indexes under the policy: the search operators are leakproof', async () => {
    // Under a policy, a condition is used in an index only if its operator is LEAKPROOF; fuzzy
    // search scanned every row before (the migration marks them when it runs as a superuser).
    const { rows } = await database.pool.query<{ f: string; leakproof: boolean }>(
      `SELECT oid::regprocedure::text AS f, proleakproof AS leakproof FROM pg_proc
        WHERE oid = ANY(ARRAY['similarity_op(text,text)', 'word_similarity_op(text,text)',
          'word_similarity_commutator_op(text,text)', 'textlike(text,text)',
          'arraycontains(anyarray,anyarray)']::regprocedure[])`,
    );
    expect(rows).toHaveLength(5);
    expect(rows.filter((r) => !r.leakproof)).toEqual([]);
  });

  it('keeps each caller to its organization when many share one connection', async () => {
    const single = connect({ ownerUrl: database.url, appUrl: database.appUrl }, { poolSize: 1 }, async () => {});
    try {
      const look = (orgId: string) =>
        runInOrg(orgId, async () => {
          const { rows } = await single.db.execute<{ org_id: string }>(sql`SELECT org_id FROM customers`);
          return { orgId, seen: [...new Set(rows.map((r) => r.org_id))] };
        });
      // Checkouts wait for the one connection and resume from another caller's release.
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => look(i % 2 ? orgA : orgB)));
      for (const { orgId, seen } of results) expect(seen).toEqual([orgId]);
    } finally {
      await single.close();
    }
  });
});
