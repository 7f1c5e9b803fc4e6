import { describe, expect, it } from 'vitest';
import { NEW_CUSTOMER } from '../../test/support/pos-contract.ts';
import { loopbackAllowedOutbound } from '../egress/outbound-http.ts';
import type { PosCreateRequirement } from './create-requirements.ts';
import { type PosCustomerInput, PosRejected } from './port.ts';
import { createPosClient, createRequirements, posVendor, registeredVendors } from './registry.ts';
import { simulatedVendors, startVendorSimulator } from './simulators.ts';

/** The simulators listen on loopback: allowed here explicitly, as demo mode allows it. */
const outbound = loopbackAllowedOutbound();

/** NEW_CUSTOMER (a medical customer every vendor accepts) without what `requirement` asks for, fallbacks included. */
function without(requirement: PosCreateRequirement, phone: string): PosCustomerInput {
  const input = structuredClone({ ...NEW_CUSTOMER, phone, email: `req.${phone.slice(-4)}@example.com` });
  for (const path of [requirement.path, ...(requirement.orFrom ?? [])]) {
    const [head, tail] = path.split('.') as [keyof PosCustomerInput, string | undefined];
    if (tail === undefined) (input as Record<string, unknown>)[head] = null;
    else if (input[head]) (input[head] as unknown as Record<string, unknown>)[tail] = null;
  }
  return input;
}

describe('pos registry', () => {
  it('registers the five vendors, and nothing that is not a vendor', () => {
    expect(registeredVendors()).toEqual(['treez', 'flowhub', 'cova', 'dutchie', 'blaze']);
    expect(posVendor('treez')?.vendor).toBe('treez');
    expect(posVendor('toString')).toBeUndefined();
    expect(posVendor('acme')).toBeUndefined();
  });

  it('has a simulator for every registered vendor, kept in its own registry', () => {
    expect(simulatedVendors()).toEqual(registeredVendors());
  });

  it('accepts Treez credentials whose base URL ends with /v2.0/dispensary/<dispensary>', () => {
    const schema = posVendor('treez')?.credentialsSchema;
    const good = { baseUrl: 'https://api.treez.io/v2.0/dispensary/partnersandbox2', clientId: 'c', apiKey: 'k' };
    expect(schema?.safeParse(good).success).toBe(true);
    expect(schema?.safeParse({ ...good, baseUrl: 'https://api.treez.io/v3/partnersandbox2' }).success).toBe(false);
    expect(schema?.safeParse({ ...good, apiKey: '' }).success).toBe(false);
  });

  it('shows only the base URL of credentials back', () => {
    const credentials = { baseUrl: 'https://api.treez.io/v2.0/dispensary/x', clientId: 'c', apiKey: 'secret' };
    expect(posVendor('treez')?.describe(credentials)).toEqual({ baseUrl: credentials.baseUrl });
  });

  it('refuses to build a client for an unknown vendor or for credentials of the wrong shape', () => {
    expect(() => createPosClient('acme', {}, { timeZone: 'UTC' })).toThrow(/unsupported POS vendor/);
    expect(() => createPosClient('treez', { baseUrl: 'nope' }, { timeZone: 'UTC' })).toThrow();
  });

  it('declares what each create needs, in Patron field paths, each with its REFERENCE.md section', () => {
    expect(createRequirements('flowhub').map((r) => r.path)).toEqual(['firstName', 'dateOfBirth', 'address.state']);
    expect(createRequirements('dutchie').map((r) => r.path)).toEqual([
      'firstName',
      'lastName',
      'dateOfBirth',
      'phone',
      'medical.cardNumber',
      'medical.expiresOn',
    ]);
    expect(createRequirements('treez').map((r) => r.path)).toEqual(['firstName', 'lastName', 'dateOfBirth']);
    expect(createRequirements('acme')).toEqual([]);
    for (const vendor of registeredVendors()) {
      for (const requirement of createRequirements(vendor)) {
        expect(requirement.reference).toMatch(/^REFERENCE\.md \d\.\d/);
        expect(requirement.message).toMatch(/needs .* to create this (medical )?customer$/);
      }
    }
  });

  for (const vendor of registeredVendors()) {
    it(`the ${vendor} simulator refuses a create without each field its requirements declare, and accepts it whole`, async () => {
      const { simulator, credentials } = await startVendorSimulator(vendor, { customers: 0 });
      try {
        const client = createPosClient(vendor, credentials, { outbound, timeZone: 'America/Los_Angeles' });
        let phone = 7025550300;
        for (const requirement of createRequirements(vendor)) {
          phone += 1;
          const refused = await client.create(without(requirement, `+1${phone}`)).catch((error: unknown) => error);
          expect(refused, `${vendor} without ${requirement.path}`).toBeInstanceOf(PosRejected);
          expect((refused as PosRejected).alreadyExists).toBe(false);
        }
        expect(simulator.store.size).toBe(0);
        const created = await client.create({ ...NEW_CUSTOMER, phone: '+17025550399' });
        expect(simulator.store.get(created.externalId)).toBeDefined();
      } finally {
        await simulator.close();
      }
    });
  }

  for (const vendor of registeredVendors()) {
    it(`starts the ${vendor} simulator, and a client from the registry reads a customer from it`, async () => {
      const { simulator, credentials } = await startVendorSimulator(vendor, { customers: 3 });
      try {
        const client = createPosClient(vendor, credentials, { outbound, timeZone: 'America/Los_Angeles' });
        await client.testConnection();
        let first: string | undefined;
        for await (const page of client.listChangedSince({ since: null, resume: null })) {
          first ??= page.customers[0]?.externalId;
          if (page.done) break;
        }
        if (!first) throw new Error('the simulator served no customer');
        expect((await client.get(first)).externalId).toBe(first);
      } finally {
        await simulator.close();
      }
    });
  }
});
