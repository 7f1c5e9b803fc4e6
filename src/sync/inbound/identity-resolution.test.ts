import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness } from '../../../test/support/sync-harness.ts';
import { customers, suspectedDuplicates } from '../../customers/tables.ts';
import { auditEvents } from '../../privacy/tables.ts';
import { customerLinks, syncConflicts } from '../tables.ts';

let h: SyncHarness;
beforeAll(async () => {
  h = await createSyncHarness();
});
afterAll(() => h.close());

const person = {
  firstName: 'Kathleen',
  lastName: 'Scott',
  dateOfBirth: '1988-04-02',
  driversLicense: null,
  medicalCard: null,
  customerType: 'adult',
} as const;

async function linksOfExternal(storeId: string, externalId: string) {
  return h.database.ownerDb
    .select()
    .from(customerLinks)
    .where(and(eq(customerLinks.storeId, storeId), eq(customerLinks.externalId, externalId)));
}

describe('identity resolution across stores', () => {
  it('makes the same person arriving from two stores with differently formatted phones one customer with two links', async () => {
    const storeA = h.demo.storeIds.Treez;
    const storeB = h.demo.storeIds.Flowhub;
    const simA = await h.startSimulator({ customers: 5, seed: 101 });
    const simB = await h.startSimulator({ customers: 5, seed: 202 });
    const atA = simA.addCustomer({ ...person, phone: '7025550123', email: 'kathleen@example.com' });
    const atB = simB.addCustomer({ ...person, phone: '(702) 555-0123', email: 'KSCOTT@EXAMPLE.COM' });
    await h.connect(storeA, simA);
    await h.connect(storeB, simB);

    await h.pull(storeA);
    const runB = await h.pull(storeB);

    const [linkA] = await linksOfExternal(storeA, simA.idOf(atA));
    const [linkB] = await linksOfExternal(storeB, simB.idOf(atB));
    expect(linkA!.customerId).toBe(linkB!.customerId);
    expect(runB.stats.linked).toBeGreaterThanOrEqual(1);
    const [customer] = await h.database.ownerDb.select().from(customers).where(eq(customers.id, linkA!.customerId));
    expect(customer!.phone).toBe('+17025550123');
    const allLinks = await h.database.ownerDb
      .select()
      .from(customerLinks)
      .where(eq(customerLinks.customerId, linkA!.customerId));
    expect(allLinks.map((l) => l.storeId).sort()).toEqual([storeA, storeB].sort());
    const trail = await h.database.ownerDb.select().from(auditEvents).where(eq(auditEvents.customerId, customer!.id));
    expect(trail.map((e) => e.actor)).toEqual(
      expect.arrayContaining([`system:sync:store:${storeA}`, `system:sync:store:${storeB}`]),
    );
  });

  it('links by ID number and keeps a differing date of birth as an open conflict instead of guessing', async () => {
    const storeA = h.demo.storeIds.Cova;
    const storeB = h.demo.storeIds.Dutchie;
    const simA = await h.startSimulator({ customers: 0, seed: 303 });
    const simB = await h.startSimulator({ customers: 0, seed: 404 });
    // One licence, typed two ways; Treez keeps no licence state [REFERENCE 1.4].
    const licence = { state: 'NV', expiresOn: '2031-01-01' };
    const id = { ...person, firstName: 'Marcus', lastName: 'Nguyen' };
    simA.addCustomer({
      ...id,
      dateOfBirth: '1979-03-03',
      phone: '7025550999',
      driversLicense: { ...licence, number: 'NV 555-0001' },
    });
    simB.addCustomer({
      ...id,
      dateOfBirth: '1979-03-04',
      phone: '7025550998',
      driversLicense: { ...licence, number: 'nv5550001' },
    });
    await h.connect(storeA, simA);
    await h.connect(storeB, simB);

    await h.pull(storeA);
    const runB = await h.pull(storeB);

    expect(runB.stats).toMatchObject({ linked: 1, created: 0, conflicts: 1 });
    const [link] = await h.linksOf(storeB);
    const [customer] = await h.database.ownerDb.select().from(customers).where(eq(customers.id, link!.customerId));
    expect(customer!.dateOfBirth).toBe('1979-03-03');
    const [conflict] = await h.database.ownerDb
      .select()
      .from(syncConflicts)
      .where(eq(syncConflicts.customerId, customer!.id));
    expect(conflict).toMatchObject({ field: 'dateOfBirth', status: 'open', storeId: storeB });
    const scope = { orgId: h.demo.orgId, storeId: storeB };
    expect(h.deps.vault.open(scope, 'conflict', conflict!.localValueEnc!)).toBe('1979-03-03');
    expect(h.deps.vault.open(scope, 'conflict', conflict!.posValueEnc!)).toBe('1979-03-04');
  });

  it('never merges on a weaker match (same name and birthday, other phone): it raises a suspected duplicate', async () => {
    const storeA = h.demo.storeIds.Blaze;
    const simA = await h.startSimulator({ customers: 0, seed: 505 });
    const twin = { ...person, firstName: 'Ingrid', lastName: 'Dubois', dateOfBirth: '1990-10-10' };
    simA.addCustomer({ ...twin, phone: '3035550101', email: null });
    simA.addCustomer({ ...twin, firstName: 'INGRID', phone: '3035550202', email: null });
    await h.connect(storeA, simA);

    const run = await h.pull(storeA);

    expect(run.stats).toMatchObject({ created: 2, linked: 0 });
    const links = await h.linksOf(storeA);
    expect(new Set(links.map((l) => l.customerId)).size).toBe(2);
    const pairs = await h.database.ownerDb
      .select()
      .from(suspectedDuplicates)
      .where(eq(suspectedDuplicates.reason, 'same_name_and_birthday'));
    const ids = links.map((l) => l.customerId).sort();
    expect(pairs.some((p) => p.customerA === ids[0] && p.customerB === ids[1])).toBe(true);
  });
});
