/**
 * Every vendor's simulator adds, edits and reads customers in neutral field names (`addCustomer`,
 * `editCustomer`, `customerOf`), so tests outside the vendor folders never name a vendor field. Each
 * vendor's own translation is proved here, against its own record shape.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from './simulator-kit/simulator-types.ts';
import { simulatedVendors, startVendorSimulator } from './simulators.ts';

const running: RunningSimulator<unknown>[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

const digits = (phone: string | null | undefined) => phone?.replace(/\D/g, '') ?? null;

describe.each(simulatedVendors())('%s simulator, in neutral field names', (vendor) => {
  async function start() {
    const { simulator } = await startVendorSimulator(vendor, { customers: 0 });
    running.push(simulator);
    return simulator;
  }

  it(`${vendor}: reads back a customer added at the POS as typed`, async () => {
    const sim = await start();
    const id = sim.idOf(
      sim.addCustomer({
        firstName: 'Ana',
        lastName: 'Reyes',
        dateOfBirth: '1985-05-05',
        phone: '7025550404',
        email: 'ana.reyes@example.com',
      }),
    );
    const held = sim.customerOf(id);
    expect(held).toMatchObject({
      status: 'active',
      firstName: 'Ana',
      lastName: 'Reyes',
      dateOfBirth: '1985-05-05',
      email: 'ana.reyes@example.com',
    });
    // Some vendors keep phones formatted (Flowhub, Cova): the digits are the same.
    expect(digits(held?.phone)).toBe('7025550404');
    expect(sim.customerOf('no-such-id')).toBeUndefined();
  });

  it(`${vendor}: edits names and date of birth as a budtender would, moving the change time`, async () => {
    const sim = await start();
    const added = sim.addCustomer({ firstName: 'Ana', lastName: 'Reyes', dateOfBirth: '1985-05-05' });
    const id = sim.idOf(added);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const edited = sim.editCustomer(id, { firstName: 'Luz', lastName: 'Ng', dateOfBirth: '1990-12-31' });
    expect(edited).toBeDefined();
    expect(edited).not.toEqual(added);
    expect(sim.customerOf(id)).toMatchObject({ firstName: 'Luz', lastName: 'Ng', dateOfBirth: '1990-12-31' });
    expect(sim.editCustomer('no-such-id', { lastName: 'Ng' })).toBeUndefined();
  });

  it(`${vendor}: refuses a neutral edit it does not translate instead of dropping it`, async () => {
    const sim = await start();
    const id = sim.idOf(sim.addCustomer());
    expect(() => sim.editCustomer(id, { createdAt: new Date() })).toThrow(/no neutral edit of createdAt/);
  });
});
