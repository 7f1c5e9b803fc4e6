import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness } from '../../../test/support/sync-harness.ts';
import { customers } from '../../customers/tables.ts';
import { syncConflicts } from '../tables.ts';

let h: SyncHarness;
beforeAll(async () => {
  h = await createSyncHarness();
});
afterAll(() => h.close());

const person = { driversLicense: null, medicalCard: null, customerType: 'adult', email: null } as const;

describe('identity keys another customer holds', () => {
  it('leaves a phone (with the birthday) another customer holds off the edited customer and keeps it as a conflict', async () => {
    const store = h.demo.storeIds.Treez;
    const sim = await h.startSimulator({ customers: 0, seed: 606 });
    sim.addCustomer({ ...person, firstName: 'Ana', lastName: 'Reyes', dateOfBirth: '1985-05-05', phone: '7025550404' });
    const other = sim.addCustomer({
      ...person,
      firstName: 'Luz',
      lastName: 'Reyes',
      dateOfBirth: '1985-05-05',
      phone: '7025550505',
    });
    await h.connect(store, sim);
    await h.pull(store);
    const otherLink = (await h.linksOf(store)).find((l) => l.externalId === sim.idOf(other))!;

    // Born the same day, Luz now carries Ana's phone at the POS: the unique key would refuse the write.
    sim.editCustomer(sim.idOf(other), { phone: '7025550404' });
    const run = await h.pull(store);

    expect(run.status).toBe('succeeded');
    expect(run.stats).toMatchObject({ errors: 0, quarantined: 0 });
    const [luz] = await h.database.ownerDb.select().from(customers).where(eq(customers.id, otherLink.customerId));
    expect(luz!.phone).toBe('+17025550505');
    const conflicts = await h.database.ownerDb
      .select()
      .from(syncConflicts)
      .where(eq(syncConflicts.customerId, otherLink.customerId));
    expect(conflicts.map((c) => c.field)).toContain('phone');
  });
});
