import { describe, expect, it } from 'vitest';
import { createPosClient, posVendor, registeredVendors } from './registry.ts';

describe('pos registry', () => {
  it('registers the five vendors, and nothing that is not a vendor', () => {
    expect(registeredVendors()).toEqual(['treez', 'flowhub', 'cova', 'dutchie', 'blaze']);
    expect(posVendor('treez')?.vendor).toBe('treez');
    expect(posVendor('toString')).toBeUndefined();
    expect(posVendor('acme')).toBeUndefined();
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

  for (const vendor of registeredVendors()) {
    it(`starts the ${vendor} simulator, and a client from the registry reads a customer from it`, async () => {
      const entry = posVendor(vendor);
      if (!entry) throw new Error(`${vendor} not registered`);
      const { simulator, credentials } = await entry.startSimulator({ customers: 3 });
      try {
        const client = createPosClient(vendor, credentials, { timeZone: 'America/Los_Angeles' });
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
