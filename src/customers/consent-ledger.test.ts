/**
 * The consent ledger cannot be forged (issue 12): whatever times and sources customers try to send,
 * the server dates and sources every statement, so the latest statement by server time is the
 * customer's current consent and no older or forged grant outranks a later withdrawal.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import type { Actor } from '../auth/actor.ts';
import { runInOrg } from '../db/org-scope.ts';
import { ensureDemo } from '../demo/demo-organization.ts';
import { ValidationFailed } from '../domain/errors.ts';
import { customerPorts } from '../http/customer-ports.ts';
import type { AuditContext } from '../privacy/audit-log.ts';
import { createFieldProtection } from '../privacy/field-protector.ts';
import { consentLedger } from './consents.ts';
import type { CustomerDeps } from './customer-deps.ts';
import { getCustomer } from './customer-reads.ts';
import { addConsent, createCustomer, patchCustomer } from './customer-writes.ts';

let database: TestDatabase;
let deps: CustomerDeps;
let staff: AuditContext;
let orgId: string;
let storeId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const demo = await ensureDemo(database.db, 'consent-ledger-test');
  orgId = demo.orgId;
  storeId = demo.storeIds.Treez;
  deps = { db: database.db, protection: createFieldProtection(Buffer.alloc(32, 7)), ports: customerPorts(undefined) };
  staff = { actor: { kind: 'user', role: 'staff', orgId, userId: 'u-staff', sessionId: 's' }, origin: 'test' };
}, 120_000);
afterAll(() => database?.close());

let people = 0;
async function newCustomer(): Promise<{ id: string; self: AuditContext }> {
  people += 1;
  const created = await createCustomer(deps, staff, {
    firstName: 'Ledger',
    lastName: `Person${people}`,
    dateOfBirth: '1980-02-03',
    phone: `(702) 555-${String(2000 + people).padStart(4, '0')}`,
  });
  const actor: Actor = {
    kind: 'customer',
    role: 'customer',
    orgId,
    customerId: created.id,
    tokenId: 't',
    keyId: 'k',
    storeId,
  };
  return { id: created.id, self: { actor, origin: 'test' } };
}

type Channel = 'sms' | 'email';
type Statement =
  | { by: 'customer'; channel: Channel; granted: boolean; at: string | undefined; source: string | undefined }
  | { by: 'staff'; channel: Channel; granted: boolean };

const channel = fc.constantFrom<Channel>('sms', 'email');
/** Any time a client may claim, from long ago to far ahead. */
const claimedAt = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
const claimedSource = fc.oneof(
  fc.constantFrom('customer', 'kiosk', 'staff', 'pos', 'import', 'forged-source'),
  fc.string({ minLength: 1, maxLength: 20 }),
);
const statement: fc.Arbitrary<Statement> = fc.oneof(
  fc.record({
    by: fc.constant('customer' as const),
    channel,
    granted: fc.boolean(),
    at: fc.option(claimedAt, { nil: undefined }),
    source: fc.option(claimedSource, { nil: undefined }),
  }),
  fc.record({ by: fc.constant('staff' as const), channel, granted: fc.boolean() }),
);

const WORDING = 'Messages about offers; reply STOP to end';

/** Says `s` through the service; true when it was taken (a forged time or source is refused). */
async function say(id: string, self: AuditContext, s: Statement): Promise<boolean> {
  try {
    if (s.by === 'staff') {
      await addConsent(deps, staff, id, { channel: s.channel, granted: s.granted, wording: WORDING });
    } else {
      const choice: Record<string, unknown> = { granted: s.granted, wording: WORDING };
      if (s.at !== undefined) choice.at = s.at;
      if (s.source !== undefined) choice.source = s.source;
      await patchCustomer(deps, self, id, { consents: { [s.channel]: choice } });
    }
    return true;
  } catch (error) {
    if (error instanceof ValidationFailed) return false;
    throw error;
  }
}

describe('the consent ledger', () => {
  it('makes the latest statement by server time the current consent, whatever time or source customers send', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(statement, { minLength: 1, maxLength: 8 }), (statements) =>
        runInOrg(orgId, async () => {
          const { id, self } = await newCustomer();
          const expected: Record<Channel, boolean> = { sms: false, email: false };
          for (const s of statements) {
            const taken = await say(id, self, s);
            const forged = s.by === 'customer' && (s.at !== undefined || s.source !== undefined);
            expect(taken).toBe(!forged);
            if (taken) expected[s.channel] = s.granted;
          }
          const customer = await getCustomer(deps, staff, id);
          expect({ sms: customer.consents.sms.granted, email: customer.consents.email.granted }).toEqual(expected);

          const ledger = await consentLedger(database.db, orgId, id);
          for (const entry of ledger) {
            expect(entry.at.getTime()).toBeLessThanOrEqual(entry.recordedAt.getTime());
            expect(['customer', 'staff']).toContain(entry.source);
          }
          for (const c of ['sms', 'email'] as const) {
            // Newest first by time, then by recording.
            const latest = ledger.find((e) => e.channel === c);
            expect(customer.consents[c].granted).toBe(latest?.granted ?? false);
          }
        }),
      ),
      { numRuns: 25 },
    );
  }, 240_000);
});
