/**
 * The page batch's statements on a fresh database (no ANALYZE statistics yet), judged by the work
 * their plans do rather than by wall time: a first Flowhub import of 700 customers in pages of 500
 * sat for minutes when a statement's plan joined the page against a materialized read of the whole
 * organization (issue 11, point 12). Every statement of a 500-record page is captured as sent, then
 * EXPLAINed (not run again) with the same parameters in the same transaction.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness } from '../../../test/support/sync-harness.ts';
import { runInOrg } from '../../db/org-scope.ts';
import { seedCustomers } from '../../demo/seed-customers.ts';
import type { PosCustomer } from '../../pos/port.ts';
import { SYNCED_FIELDS } from '../links/synced-fields.ts';
import type { ApplyContext } from './apply.ts';
import { createNewTogether } from './page-batch.ts';
import { syncActor } from './pull.ts';

let h: SyncHarness;
const PAGE = 500;
const BACKGROUND = 3000;

beforeAll(async () => {
  h = await createSyncHarness();
  // No statistics, ever, during this file: autovacuum would otherwise ANALYZE after the seed.
  for (const table of ['customers', 'customer_links', 'suspected_duplicates']) {
    await h.database.pool.query(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
  }
  await seedCustomers(h.database.pool, {
    orgId: h.demo.orgId,
    count: BACKGROUND,
    seed: 11,
    protector: h.deps.protection.forOrg(h.demo.orgId),
  });
});
afterAll(() => h.close());

/**
 * Record `i` of the page. Every tenth shares a phone with the nine before it (other birthdays: a
 * household), every record from 400 on shares first name, last name and birthday with record
 * `i - 400` (accents and case aside) but no phone or email: both make suspected duplicates.
 */
function record(i: number): PosCustomer {
  const twin = i >= 400 ? i - 400 : i;
  return {
    externalId: `plan-${i}`,
    firstName: i >= 400 ? `JOSÉ${twin}` : `Jose${twin}`,
    middleName: null,
    lastName: i >= 400 ? `nuñez` : `Nunez`,
    preferredName: null,
    dateOfBirth: `19${String(50 + (twin % 40)).padStart(2, '0')}-0${1 + (twin % 9)}-1${twin % 10}`,
    gender: null,
    phone: i >= 400 ? `+1303555${String(1000 + i)}` : `+1702555${String(1000 + Math.floor(i / 10))}`,
    email: `plan${i}@example.com`,
    customerType: 'adult',
    medical: null,
    idDocument: { type: 'drivers_license', number: `P${100000 + i}`, state: 'NV', expiresOn: '2031-01-01' },
    address: null,
    consents: { sms: null, email: null },
    loyaltyPoints: null,
    tags: [],
    notes: null,
    banned: null,
    status: 'active',
    mergedIntoExternalId: null,
    mergedExternalIds: [],
    createdAt: null,
    updatedAt: null,
    lastVisitAt: null,
    issues: [],
  };
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** Reads of `table` in a plan (not the write of an INSERT), each with the node types above it. */
function scansOf(node: PlanNode, table: string, above: string[] = []): { node: PlanNode; above: string[] }[] {
  const own = node['Relation Name'] === table && node['Node Type'] !== 'ModifyTable' ? [{ node, above }] : [];
  return [...own, ...(node.Plans ?? []).flatMap((p) => scansOf(p, table, [...above, node['Node Type']]))];
}

interface Captured {
  text: string;
  values: unknown[];
  client: pg.Client;
}

/** Runs one page through the batch, capturing every statement it sent, and EXPLAINs each. */
async function applyCapturing(page: PosCustomer[]) {
  const { orgId } = h.demo;
  const storeId = h.demo.storeIds.Flowhub;
  const ctx: ApplyContext = {
    orgId,
    storeId,
    vendor: 'flowhub',
    unsetConsent: false,
    protector: h.deps.protection.forOrg(orgId),
    vault: h.deps.vault,
    audit: { actor: syncActor(orgId, storeId), origin: 'plan-test' },
    now: new Date(),
    fields: SYNCED_FIELDS,
  };
  const original = pg.Client.prototype.query;
  const captured: Captured[] = [];
  const explained: { text: string; plan: PlanNode }[] = [];
  const outcome = await runInOrg(orgId, () =>
    h.deps.db.transaction(async (tx) => {
      (pg.Client.prototype as { query: unknown }).query = function (this: pg.Client, ...args: unknown[]) {
        const [first, second] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
        const text = typeof first === 'string' ? first : first.text;
        const values = second ?? (typeof first === 'string' ? [] : (first.values ?? []));
        captured.push({ text, values, client: this });
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      };
      let result: Awaited<ReturnType<typeof createNewTogether>>;
      try {
        result = await createNewTogether(tx, ctx, page);
      } finally {
        pg.Client.prototype.query = original;
      }
      for (const c of captured.filter((c) => /^\s*(select|insert|update|delete|with)\b/i.test(c.text))) {
        const answer = await c.client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
          `EXPLAIN (FORMAT JSON) ${c.text}`,
          c.values,
        );
        explained.push({ text: c.text, plan: answer.rows[0]!['QUERY PLAN'][0].Plan });
      }
      return result;
    }),
  );
  return { outcome, captured, explained };
}

// The indexes that find one identity (or one link) directly; an index on org_id and something
// else (e.g. customers_org_updated_idx) reads the whole organization.
const IDENTITY_INDEXES = [
  'customers_pkey',
  'customers_org_id_document_key',
  'customers_org_phone_dob_key',
  'customers_org_email_dob_key',
  'customers_org_email_prefix_idx',
  'customers_org_name_key_idx',
];

describe('applying a 500-record page on a database without statistics', () => {
  let run: Awaited<ReturnType<typeof applyCapturing>>;
  beforeAll(async () => {
    const [stats] = (
      await h.database.pool.query<{ reltuples: number }>(
        "SELECT reltuples FROM pg_class WHERE relname = 'customers' AND relkind = 'r'",
      )
    ).rows;
    // -1: never analyzed nor vacuumed, as right after a first start.
    expect(stats?.reltuples).toBe(-1);
    run = await applyCapturing(Array.from({ length: PAGE }, (_, i) => record(i)));
  }, 120_000);

  it('creates the whole page together', () => {
    expect(run.outcome.failure).toBeUndefined();
    expect(run.outcome.created).toBe(PAGE);
  });

  it('raises the suspected duplicates: 40 households of ten sharing a phone, 100 namesakes born the same day', async () => {
    const pairs = await h.database.pool.query<{ reason: string; n: number }>(
      `SELECT d.reason, count(*)::int AS n FROM suspected_duplicates d
         JOIN customer_links a ON a.customer_id = d.customer_a AND a.external_id LIKE 'plan-%'
         JOIN customer_links b ON b.customer_id = d.customer_b AND b.external_id LIKE 'plan-%'
       GROUP BY d.reason ORDER BY d.reason`,
    );
    expect(pairs.rows).toEqual([
      { reason: 'same_name_and_birthday', n: 100 },
      { reason: 'same_phone', n: 40 * 45 },
    ]);
  });

  it('sends a number of statements that does not grow with the page', () => {
    const statements = run.captured.filter((c) => !/^\s*(savepoint|release|rollback)\b/i.test(c.text));
    expect(statements.length).toBeLessThanOrEqual(12);
  });

  it('reads customers only by an identity index, one lookup per key, never a scan of the organization', () => {
    const wrong: string[] = [];
    for (const { text, plan } of run.explained) {
      for (const { node, above } of scansOf(plan, 'customers')) {
        // A lookup repeated from a materialized or hashed copy is a scan in disguise.
        const copied = above.filter((t) => ['Materialize', 'Hash', 'Sort'].includes(t));
        const byIdentity = ['Index Scan', 'Index Only Scan'].includes(node['Node Type']);
        if (!byIdentity || !IDENTITY_INDEXES.includes(node['Index Name'] ?? '') || copied.length > 0) {
          wrong.push(`${node['Node Type']} ${node['Index Name'] ?? ''} under [${copied}] in: ${oneLine(text)}`);
        }
      }
    }
    expect(wrong.join('\n')).toBe('');
  });

  it('finds suspected duplicates by one index lookup per customer and key: phone, email, name and birthday', () => {
    const detection = run.explained.filter(({ text }) => /INSERT INTO suspected_duplicates/.test(text));
    expect(detection).toHaveLength(1);
    const indexes = new Set(scansOf(detection[0]!.plan, 'customers').map(({ node }) => node['Index Name']));
    expect(indexes).toContain('customers_pkey');
    expect(indexes).toContain('customers_org_name_key_idx');
    expect(indexes).toContain('customers_org_phone_dob_key');
    expect(
      [...indexes].some((i) => i === 'customers_org_email_dob_key' || i === 'customers_org_email_prefix_idx'),
    ).toBe(true);
  });

  it('reads the store links by their unique index (store, external id), never a scan', () => {
    const linkScans = run.explained.flatMap(({ text, plan }) =>
      scansOf(plan, 'customer_links').map(({ node }) => `${node['Node Type']} ${node['Index Name']}: ${oneLine(text)}`),
    );
    expect(linkScans.length).toBeGreaterThan(0);
    const wrong = linkScans.filter((s) => !/^Index (Only )?Scan customer_links_store_external_key:/.test(s));
    expect(wrong.join('\n')).toBe('');
  });
});

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 160);
