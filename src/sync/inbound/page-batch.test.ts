import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncHarness, type HarnessSimulator, type SyncHarness } from '../../../test/support/sync-harness.ts';
import { consentEvents, customers, suspectedDuplicates, syncOutbox } from '../../customers/tables.ts';
import { auditEvents } from '../../privacy/tables.ts';
import type { SyncRunView } from '../jobs/sync-runs.ts';
import { openBase } from '../links/base.ts';
import { customerLinks, quarantinedRecords, syncConflicts } from '../tables.ts';

// The same vendor pages applied set-based (`fast`, the default) and record by record (`slow`), each
// on a database of its own, must leave the same rows.
let fast: SyncHarness;
let slow: SyncHarness;
let simA: HarnessSimulator;
let simB: HarnessSimulator;
let simC: HarnessSimulator;
const runs = new Map<SyncHarness, SyncRunView[]>();

beforeAll(async () => {
  [fast, slow] = await Promise.all([createSyncHarness(), createSyncHarness()]);
  slow.deps.applyPages = 'per-record';

  // Store A: a first import, whose last page also holds two records of one person (same phone and
  // birthday), two sharing an email and birthday, one sharing a phone with another birthday (a
  // suspected duplicate) and one sharing a name and birthday with an earlier record.
  simA = await fast.startSimulator({ customers: 50, seed: 31 });
  const twin = simA.customerOf(simA.idOf(simA.addCustomer({ phone: '+15035550101', dateOfBirth: '1984-03-09' })))!;
  simA.addCustomer({ phone: twin.phone, dateOfBirth: twin.dateOfBirth, firstName: 'Second' });
  const mail = simA.customerOf(
    simA.idOf(simA.addCustomer({ email: 'shared.person@example.com', dateOfBirth: '1979-11-23' })),
  )!;
  simA.addCustomer({ email: mail.email, dateOfBirth: mail.dateOfBirth, phone: null });
  simA.addCustomer({ phone: twin.phone, dateOfBirth: '2001-07-14' });
  const early = simA.customerOf('2')!;
  simA.addCustomer({
    firstName: early.firstName,
    lastName: early.lastName,
    dateOfBirth: early.dateOfBirth,
    phone: null,
  });

  // Store B: a second store whose POS holds some of store A's people (by phone, email, licence).
  simB = await fast.startSimulator({ customers: 30, seed: 32 });
  for (const id of ['3', '4', '5', '6', '7', '8']) {
    const a = simA.customerOf(id)!;
    // The same licence number; Treez keeps no licence state [REFERENCE 1.4], so any state will do.
    const licence = a.driversLicense && {
      number: a.driversLicense.number,
      state: 'NV',
      expiresOn: a.driversLicense.expiresOn ?? '2031-01-01',
    };
    simB.addCustomer({ phone: a.phone, dateOfBirth: a.dateOfBirth });
    simB.addCustomer({ email: a.email, dateOfBirth: a.dateOfBirth, phone: null });
    simB.addCustomer({ driversLicense: licence, phone: null, email: null });
  }

  // Store C: a record its link cannot be written for (a trigger refuses it): the batch of its page
  // fails and the page is applied record by record, which quarantines that one record.
  simC = await fast.startSimulator({ customers: 45, seed: 33 });

  for (const h of [fast, slow]) {
    await h.database.ownerDb.execute(
      sql.raw(`
      CREATE FUNCTION refuse_test_link() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.store_id = '${h.demo.storeIds.Cova}' AND NEW.external_id = '27' THEN
          RAISE EXCEPTION 'refused by the test';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_test_link BEFORE INSERT ON customer_links
        FOR EACH ROW EXECUTE FUNCTION refuse_test_link();`),
    );
    const done: SyncRunView[] = [];
    for (const [store, sim] of [
      [h.demo.storeIds.Treez, simA],
      [h.demo.storeIds.Flowhub, simB],
      [h.demo.storeIds.Cova, simC],
    ] as const) {
      await h.connect(store, sim);
      done.push(await h.pull(store));
    }
    // A re-read changes nothing and takes the per-record path (every record is linked).
    done.push(await h.pull(h.demo.storeIds.Treez, 'full'));
    runs.set(h, done);
  }
}, 120_000);
afterAll(async () => {
  await Promise.allSettled([fast?.close(), slow?.close()]);
});

describe('applying a page set-based', () => {
  it('leaves the same customers, links, consents, audit, outbox, duplicates, conflicts, quarantine and counts as applying record by record', async () => {
    const [a, b] = await Promise.all([snapshot(fast), snapshot(slow)]);

    expect(a.customers.length).toBeGreaterThan(100);
    expect(a.stats.map((s) => s.linked).reduce((x, y) => x + y)).toBeGreaterThan(5);
    expect(a.duplicates.length).toBeGreaterThan(0);
    for (const part of Object.keys(a) as (keyof typeof a)[]) expect({ [part]: a[part] }).toEqual({ [part]: b[part] });
  });

  it('creates the new customers of a page together: their audit rows share a savepoint, per-record ones do not', async () => {
    const [f, s] = await Promise.all([createWriters(fast), createWriters(slow)]);

    // Per-record, each record has a savepoint (rows of one savepoint share an xmin); set-based, the
    // new customers of a page share one.
    expect(s.savepoints).toBe(s.rows);
    expect(f.rows).toBe(s.rows);
    expect(f.savepoints).toBeLessThan(s.rows / 3);
  });

  it('takes two records of one person at one POS on the same page as two customers flagged as suspected duplicates (one link per store), and still creates the rest of the page together', async () => {
    const links = await fast.linksOf(fast.demo.storeIds.Treez);
    const twins = links.filter((l) => l.externalId === '51' || l.externalId === '52');
    const mails = links.filter((l) => l.externalId === '53' || l.externalId === '54');

    expect(twins).toHaveLength(2);
    expect(twins[0]!.customerId).not.toBe(twins[1]!.customerId);
    expect(mails[0]!.customerId).not.toBe(mails[1]!.customerId);
    const flagged = await fast.database.ownerDb
      .select({
        a: suspectedDuplicates.customerA,
        b: suspectedDuplicates.customerB,
        reason: suspectedDuplicates.reason,
      })
      .from(suspectedDuplicates)
      .where(eq(suspectedDuplicates.orgId, fast.demo.orgId));
    const pairOf = (x: string, y: string) => flagged.filter((d) => [d.a, d.b].sort().join() === [x, y].sort().join());
    expect(pairOf(twins[0]!.customerId, twins[1]!.customerId).map((d) => d.reason)).toContain('same_person_at_one_pos');
    expect(pairOf(mails[0]!.customerId, mails[1]!.customerId).map((d) => d.reason)).toContain('same_person_at_one_pos');
    // The rest of that page was still created together (one savepoint), the pair record by record.
    const [twin, phoneOnly, nameOnly] = await Promise.all(
      ['51', '55', '56'].map((id) => createWriterOf(fast, links.find((l) => l.externalId === id)!.customerId)),
    );
    expect(phoneOnly).toBe(nameOnly);
    expect(twin).not.toBe(phoneOnly);
    const runA = runs.get(fast)![0]!;
    expect(runA.stats).toMatchObject({ fetched: 56, created: 56, linked: 0, errors: 0 });
  });

  it('falls back to record by record when the batch of a page fails: the page is applied, the failing record quarantined, nothing twice', async () => {
    const store = fast.demo.storeIds.Cova;
    const runC = runs.get(fast)![2]!;
    const links = await fast.linksOf(store);

    expect(runC.stats).toMatchObject({ fetched: 45, errors: 1, quarantined: 1 });
    expect(runC.stats.created + runC.stats.linked).toBe(44);
    expect(links).toHaveLength(44);
    expect(links.some((l) => l.externalId === '27')).toBe(false);
    expect(new Set(links.map((l) => l.customerId)).size).toBe(44);
    const [{ n }] = (
      await fast.database.ownerDb.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM customers c WHERE NOT EXISTS (SELECT 1 FROM customer_links l WHERE l.customer_id = c.id)`,
      )
    ).rows as [{ n: number }];
    expect(n).toBe(0);
  });
});

/** Audit rows of creations, and how many (sub)transactions wrote them (the table refuses updates). */
async function createWriters(h: SyncHarness): Promise<{ rows: number; savepoints: number }> {
  const result = await h.database.ownerDb.execute<{ rows: number; savepoints: number }>(
    sql`SELECT count(*)::int AS rows, count(DISTINCT xmin::text)::int AS savepoints FROM audit_events WHERE org_id = ${h.demo.orgId} AND action = 'create'`,
  );
  return result.rows[0]!;
}

/** The (sub)transaction that wrote a customer's creation. */
async function createWriterOf(h: SyncHarness, customerId: string): Promise<string> {
  const result = await h.database.ownerDb.execute<{ xmin: string }>(
    sql`SELECT xmin::text AS xmin FROM audit_events WHERE customer_id = ${customerId} AND action = 'create'`,
  );
  return result.rows[0]!.xmin;
}

/** Everything the pulls wrote, with database ids replaced by store names and external ids. */
async function snapshot(h: SyncHarness) {
  const db = h.database.ownerDb;
  const orgId = h.demo.orgId;
  const storeNames = Object.entries(h.demo.storeIds).map(([name, id]) => [id, name] as const);
  const storeName = (id: string | null) => storeNames.find(([sid]) => sid === id)?.[1] ?? id;
  const links = await db.select().from(customerLinks).where(eq(customerLinks.orgId, orgId));
  const keys = new Map<string, string[]>();
  for (const l of links) {
    keys.set(l.customerId, [...(keys.get(l.customerId) ?? []), `${storeName(l.storeId)}:${l.externalId}`].sort());
  }
  const who = (id: string | null) => (id === null ? null : (keys.get(id)?.join('+') ?? 'unlinked'));
  const plain = (text: string | null) =>
    storeNames.reduce((out, [id, name]) => out?.replaceAll(id, name) ?? null, text);
  const sorted = <T>(rows: T[]) => rows.sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));

  const protector = h.deps.protection.forOrg(orgId);
  const customerRows = await db.select().from(customers).where(eq(customers.orgId, orgId));
  return {
    customers: sorted(
      customerRows.map(
        ({
          id,
          orgId: _o,
          createdAt: _c,
          updatedAt: _u,
          medicalCardNumberEnc,
          medicalCardNumberIndex: _m,
          idDocumentNumberEnc,
          idDocumentNumberIndex: _d,
          ...rest
        }) => ({
          ...rest,
          who: who(id),
          homeStoreId: storeName(rest.homeStoreId),
          // Blind indexes and ciphertexts are keyed per organization: the plain values compare.
          medicalCard: medicalCardNumberEnc && protector.decrypt('medicalCardNumber', medicalCardNumberEnc),
          idDocument: idDocumentNumberEnc && protector.decrypt('idNumber', idDocumentNumberEnc),
        }),
      ),
    ),
    links: sorted(
      links.map(({ id: _i, orgId: _o, createdAt: _c, updatedAt: _u, lastSyncedAt: _s, lastSeenAt: _n, ...l }) => ({
        ...l,
        storeId: storeName(l.storeId),
        customerId: who(l.customerId),
        posBaseEnc: openBase(h.deps.vault, { ...l, orgId }) ?? null,
      })),
    ),
    consents: sorted(
      (await db.select().from(consentEvents).where(eq(consentEvents.orgId, orgId))).map((c) => ({
        who: who(c.customerId),
        channel: c.channel,
        granted: c.granted,
        source: c.source,
        wording: c.wording,
        at: c.at.toISOString(),
        recordedBy: plain(c.recordedBy),
      })),
    ),
    audit: sorted(
      (await db.select().from(auditEvents).where(eq(auditEvents.orgId, orgId))).map((e) => ({
        who: who(e.customerId),
        action: e.action,
        fields: e.fields,
        actor: plain(e.actor),
        origin: e.origin?.startsWith('sync-run:') ? 'sync-run' : e.origin,
      })),
    ),
    outbox: sorted(
      (await db.select().from(syncOutbox).where(eq(syncOutbox.orgId, orgId))).map((o) => ({
        who: who(o.customerId),
        kind: o.kind,
        event: o.event,
        origin: storeName(o.originStoreId),
        fields: o.fields,
      })),
    ),
    duplicates: sorted(
      (await db.select().from(suspectedDuplicates).where(eq(suspectedDuplicates.orgId, orgId))).map((d) => ({
        pair: [who(d.customerA), who(d.customerB)].sort(),
        reason: d.reason,
      })),
    ),
    conflicts: sorted(
      (await db.select().from(syncConflicts).where(eq(syncConflicts.orgId, orgId))).map((c) => ({
        who: who(c.customerId),
        store: storeName(c.storeId),
        field: c.field,
        status: c.status,
      })),
    ),
    quarantined: sorted(
      (await db.select().from(quarantinedRecords).where(eq(quarantinedRecords.orgId, orgId))).map((q) => ({
        store: storeName(q.storeId),
        externalId: q.externalId,
        reason: q.reason,
      })),
    ),
    stats: runs.get(h)!.map((r) => ({ ...r.stats })),
  };
}
