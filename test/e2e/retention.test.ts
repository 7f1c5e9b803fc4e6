/**
 * The data policy and its sweep: inactive customers anonymized or deleted, expired medical cards
 * flagged, a preview that changes nothing, and the daily job on pg-boss. Inactivity is simulated by
 * moving `updated_at` back: there is no other way to age a record in a test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privacyPorts } from '../../src/http/privacy-ports.ts';
import { sweepRetention } from '../../src/privacy/retention.ts';
import { startRetentionJob } from '../../src/privacy/retention-job.ts';
import { startJobBoss } from '../../src/sync/jobs/queues.ts';
import { customerLinks } from '../../src/sync/tables.ts';
import { adultBody, medicalBody } from '../support/customer-fixtures.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/** What other modules erase with an anonymized customer, as server.ts wires the job. */
const erasure = privacyPorts().erasure;
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

let n = 0;
async function create(body: Record<string, unknown>, token = t.tokens.manager): Promise<string> {
  const res = await t.request('POST', '/api/v1/customers', token, body);
  expect(res.statusCode).toBe(201);
  return res.json().id;
}
const person = (overrides: Record<string, unknown> = {}) => adultBody(100 + n++, overrides);

async function age(id: string, days: number, lastVisitDaysAgo: number | null = null) {
  await t.database.pool.query(
    `UPDATE customers SET updated_at = now() - make_interval(days => $2),
       last_visit_at = CASE WHEN $3::int IS NULL THEN NULL ELSE now() - make_interval(days => $3::int) END
     WHERE id = $1`,
    [id, days, lastVisitDaysAgo],
  );
}

async function policy(body: unknown, token = t.tokens.manager) {
  return t.request('PUT', '/api/v1/settings/data-policy', token, body);
}

async function rowOf(id: string) {
  return (await t.database.pool.query('SELECT * FROM customers WHERE id = $1', [id])).rows[0];
}

async function count(table: string, id: string) {
  return (await t.database.pool.query(`SELECT count(*)::int AS n FROM ${table} WHERE customer_id = $1`, [id])).rows[0]
    .n;
}

describe('data policy API', () => {
  it('starts with nothing swept and expired cards flagged, and a manager sets it for the admin to read', async () => {
    const before = await t.request('GET', '/api/v1/settings/data-policy', t.tokens.admin);
    expect(before.json()).toEqual({ inactiveRetentionDays: null, action: 'anonymize', flagExpiredMedicalCards: true });
    const set = await policy({ inactiveRetentionDays: 730, action: 'delete', flagExpiredMedicalCards: false });
    expect(set.statusCode).toBe(200);
    const after = await t.request('GET', '/api/v1/settings/data-policy', t.tokens.admin);
    expect(after.json()).toEqual({ inactiveRetentionDays: 730, action: 'delete', flagExpiredMedicalCards: false });
    const other = await t.request('GET', '/api/v1/settings/data-policy', t.tokens.otherAdmin);
    expect(other.json().inactiveRetentionDays).toBeNull();
  });

  it('refuses an unknown action, a period under 30 days and unknown fields with 422, and staff with 403', async () => {
    const valid = { inactiveRetentionDays: 365, action: 'anonymize', flagExpiredMedicalCards: true };
    expect((await policy({ ...valid, action: 'shred' })).statusCode).toBe(422);
    expect((await policy({ ...valid, inactiveRetentionDays: 7 })).statusCode).toBe(422);
    expect((await policy({ ...valid, extra: 1 })).statusCode).toBe(422);
    expect((await policy(valid, t.tokens.staff)).statusCode).toBe(403);
  });
});

describe('retention sweep', () => {
  it('anonymizes customers with no visit and no change for N days, keeping recent visitors and the audit trail', async () => {
    await policy({ inactiveRetentionDays: 365, action: 'anonymize', flagExpiredMedicalCards: true });
    const stale = await create(person({ consents: { sms: { granted: true, wording: 'ok' } } }));
    const visitor = await create(person());
    const fresh = await create(person());
    await age(stale, 400);
    await age(visitor, 400, 10);

    const preview = await t.request('GET', '/api/v1/settings/data-policy/preview', t.tokens.manager);
    expect(preview.statusCode).toBe(200);
    expect(preview.json().inactive.sample.map((s: { customerId: string }) => s.customerId)).toContain(stale);
    expect(preview.json().inactive.sample.map((s: { customerId: string }) => s.customerId)).not.toContain(visitor);
    expect((await rowOf(stale)).first_name).not.toBeNull();

    await sweepRetention(t.database.db, erasure);
    const row = await rowOf(stale);
    expect(row).toMatchObject({ first_name: null, phone: null, email: null, date_of_birth: null });
    expect(row.deleted_at).not.toBeNull();
    expect(await count('consent_events', stale)).toBe(0);
    expect((await t.request('GET', `/api/v1/customers/${stale}`, t.tokens.manager)).statusCode).toBe(404);
    for (const id of [visitor, fresh]) {
      expect((await t.request('GET', `/api/v1/customers/${id}`, t.tokens.manager)).statusCode).toBe(200);
    }
    const audit = await t.database.pool.query(
      "SELECT actor, origin FROM audit_events WHERE customer_id = $1 AND action = 'erase'",
      [stale],
    );
    expect(audit.rows).toEqual([{ actor: 'system:retention', origin: 'job:retention-sweep' }]);
    const outbox = await t.database.pool.query('SELECT kind FROM sync_outbox WHERE customer_id = $1', [stale]);
    expect(outbox.rows.map((r) => r.kind)).toContain('erase');
  });

  it('deletes the row, its ledger, links and merged records under action delete, keeping audit rows', async () => {
    await policy({ inactiveRetentionDays: 365, action: 'delete', flagExpiredMedicalCards: true });
    const survivor = await create(person({ consents: { email: { granted: true, wording: 'ok' } } }));
    const absorbed = await create(person({ firstName: 'Absorbed' }));
    await t.request('POST', `/api/v1/customers/${survivor}/merge`, t.tokens.manager, { sourceId: absorbed });
    await t.database.ownerDb
      .insert(customerLinks)
      .values({ orgId: t.demo.orgId, customerId: survivor, storeId: t.demo.storeIds.Treez, externalId: 'T-1' });
    await age(survivor, 800);

    const results = await sweepRetention(t.database.db, erasure);
    expect(results.find((r) => r.orgId === t.demo.orgId)?.deleted).toBeGreaterThanOrEqual(1);
    expect(await rowOf(survivor)).toBeUndefined();
    expect(await rowOf(absorbed)).toBeUndefined();
    expect(await count('consent_events', survivor)).toBe(0);
    expect(await count('customer_links', survivor)).toBe(0);
    const audit = await t.database.pool.query('SELECT action FROM audit_events WHERE customer_id = $1', [survivor]);
    expect(audit.rows.map((r) => r.action)).toEqual(expect.arrayContaining(['create', 'merge', 'delete']));
  });

  it("leaves an organization without a policy alone, whatever another organization's says", async () => {
    const foreign = await create(person(), t.tokens.otherAdmin);
    await age(foreign, 5000);
    await sweepRetention(t.database.db, erasure);
    expect((await t.request('GET', `/api/v1/customers/${foreign}`, t.tokens.otherAdmin)).statusCode).toBe(200);
  });

  it('flags expired medical cards in the data-quality list and resolves the flag once the card is renewed', async () => {
    await policy({ inactiveRetentionDays: null, action: 'anonymize', flagExpiredMedicalCards: true });
    const patient = await create(medicalBody(200 + n++));
    await t.database.pool.query("UPDATE customers SET medical_expires_on = '2020-01-31' WHERE id = $1", [patient]);
    const preview = (await t.request('GET', '/api/v1/settings/data-policy/preview', t.tokens.admin)).json();
    expect(preview.expiredMedicalCards.toFlag).toBeGreaterThanOrEqual(1);
    expect(preview.inactive).toEqual({ count: 0, action: null, sample: [] });

    await sweepRetention(t.database.db, erasure);
    await sweepRetention(t.database.db, erasure);
    const list = await t.request('GET', '/api/v1/data-quality-flags?kind=medical_card_expired', t.tokens.manager);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.filter((f: { customerId: string }) => f.customerId === patient)).toHaveLength(1);
    expect((await t.request('GET', '/api/v1/data-quality-flags', t.tokens.otherAdmin)).json().items).toEqual([]);

    await t.database.pool.query("UPDATE customers SET medical_expires_on = '2099-01-31' WHERE id = $1", [patient]);
    await sweepRetention(t.database.db, erasure);
    const after = (await t.request('GET', '/api/v1/data-quality-flags', t.tokens.manager)).json();
    expect(after.items.map((f: { customerId: string }) => f.customerId)).not.toContain(patient);
  });

  it('runs as a pg-boss job once asked by a worker', async () => {
    await policy({ inactiveRetentionDays: 365, action: 'anonymize', flagExpiredMedicalCards: true });
    const stale = await create(person());
    await age(stale, 400);
    const boss = await startJobBoss({ pool: t.database.pool, supervise: true });
    const job = await startRetentionJob(boss, t.database.db, erasure, undefined, { pollingIntervalSeconds: 0.5 });
    try {
      for (let i = 0; i < 60 && (await rowOf(stale)).deleted_at === null; i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect((await rowOf(stale)).first_name).toBeNull();
    } finally {
      await job.stop();
      await boss.stop({ graceful: true, timeout: 5_000 });
    }
  });
});
