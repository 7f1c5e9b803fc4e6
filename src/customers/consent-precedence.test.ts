/**
 * The SQL that derives a customer's current consents (refreshConsentState's DISTINCT ON ... ORDER BY,
 * made from domain/consent-precedence.ts) picks what the pure `currentStatement` picks, on generated
 * ledgers full of ties: same times, opt-in against opt-out, same recordings, other sources. The
 * oracle is the pure function, not the SQL.
 */

import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { runInOrg } from '../db/org-scope.ts';
import { ensureDemo } from '../demo/demo-organization.ts';
import { currentStatement } from '../domain/consent-precedence.ts';
import { CONSENT_SOURCES } from '../domain/consent-statements.ts';
import { customerPorts } from '../http/customer-ports.ts';
import type { AuditContext } from '../privacy/audit-log.ts';
import { createFieldProtection } from '../privacy/field-protector.ts';
import { CONSENT_CHANNELS, type ConsentChannel, consentLedger, refreshConsentState } from './consents.ts';
import type { CustomerDeps } from './customer-deps.ts';
import { createCustomer } from './customer-writes.ts';
import { consentEvents, customers, NO_CONSENT } from './tables.ts';

let database: TestDatabase;
let deps: CustomerDeps;
let staff: AuditContext;
let orgId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  orgId = (await ensureDemo(database.db, 'consent-precedence-test')).orgId;
  deps = { db: database.db, protection: createFieldProtection(Buffer.alloc(32, 7)), ports: customerPorts(undefined) };
  staff = { actor: { kind: 'user', role: 'staff', orgId, userId: 'u-staff', sessionId: 's' }, origin: 'test' };
}, 120_000);
afterAll(() => database?.close());

interface Row {
  channel: ConsentChannel;
  granted: boolean;
  at: Date;
  recordedAt: Date;
  source: string;
}

const BASE = Date.parse('2026-03-01T10:00:00Z');

/**
 * Older rows may hold words outside the fixed set; PostgreSQL text holds any code point but NUL.
 * Case and characters above U+FFFF are where a locale's order, or UTF-16's, would differ.
 */
const source = fc.oneof(
  fc.constantFrom(...CONSENT_SOURCES),
  fc.constantFrom('POS', 'Pos', 'pos ', '\u{1F600}', '\uFFFD', '\u00E9', 'e\u0301'),
  fc.string({ unit: 'binary', maxLength: 3 }).filter((s) => !s.includes('\u0000')),
);

/** A few instants and recordings, so that rows tie on time, on recording, or on both. */
const row: fc.Arbitrary<Row> = fc
  .record({
    channel: fc.constantFrom(...CONSENT_CHANNELS),
    granted: fc.boolean(),
    at: fc.integer({ min: 0, max: 3 }),
    delay: fc.integer({ min: 0, max: 2 }),
    source,
  })
  .map(({ channel, granted, at, delay, source }) => ({
    channel,
    granted,
    at: new Date(BASE + at * 60_000),
    recordedAt: new Date(BASE + at * 60_000 + delay * 1_000),
    source,
  }));

/** A new customer whose ledger is `rows`, and the consents the SQL derived from it. */
async function derivedInSql(rows: readonly Row[]) {
  people += 1;
  const { id } = await createCustomer(deps, staff, {
    firstName: 'Precedence',
    lastName: `Person${people}`,
    dateOfBirth: '1980-02-03',
    phone: `(702) 555-${String(3000 + people).padStart(4, '0')}`,
  });
  const state = await database.db.transaction(async (tx) => {
    if (rows.length > 0) {
      await tx
        .insert(consentEvents)
        .values(rows.map((r) => ({ ...r, orgId, customerId: id, wording: null, recordedBy: 'test' })));
    }
    await refreshConsentState(tx, orgId, id);
    const [customer] = await tx
      .select({ consents: customers.consents })
      .from(customers)
      .where(and(eq(customers.orgId, orgId), eq(customers.id, id)));
    return customer!.consents;
  });
  // The customer's ledger is exactly the generated rows.
  expect(await consentLedger(database.db, orgId, id)).toHaveLength(rows.length);
  return state;
}

/** The oracle: the consents the pure precedence makes of `rows`. */
function derivedByDomain(rows: readonly Row[]) {
  const expected = structuredClone(NO_CONSENT);
  for (const channel of CONSENT_CHANNELS) {
    const current = currentStatement(rows.filter((r) => r.channel === channel));
    if (current) expected[channel] = { granted: current.granted, at: current.at.toISOString(), source: current.source };
  }
  return expected;
}

let people = 0;

describe('the consent state derived in SQL', () => {
  it('is, per channel, the statement the domain precedence says is current', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 10 }), (rows) =>
        runInOrg(orgId, async () => {
          expect(await derivedInSql(rows)).toEqual(derivedByDomain(rows));
        }),
      ),
      { numRuns: 60 },
    );
  }, 240_000);

  it('takes the source the domain takes when statements tie in everything else', async () => {
    const tied = fc.record({ granted: fc.boolean(), sources: fc.array(source, { minLength: 2, maxLength: 5 }) });
    await fc.assert(
      fc.asyncProperty(tied, ({ granted, sources }) => {
        const at = new Date(BASE);
        const rows = sources.map((s) => ({ channel: 'sms' as const, granted, at, recordedAt: at, source: s }));
        return runInOrg(orgId, async () => {
          expect(await derivedInSql(rows)).toEqual(derivedByDomain(rows));
        });
      }),
      { numRuns: 40 },
    );
  }, 240_000);
});
