import { describe, expect, it } from 'vitest';
import { loopbackAllowedOutbound } from '../../egress/outbound-http.ts';
import { flowhubVendor } from './registration.ts';
import { flowhubSimulator } from './simulator.ts';

/** The simulators listen on loopback: allowed here explicitly, as demo mode allows it. */
const outbound = loopbackAllowedOutbound();

describe('flowhub registration', () => {
  it('validates credentials in the API.md shape and refuses the internal dashboard host', () => {
    const good = { baseUrl: 'https://api.flowhub.co', clientId: 'c', key: 'k', locationId: 'loc-1' };
    expect(flowhubVendor.credentialsSchema.parse(good)).toEqual(good);
    expect(flowhubVendor.credentialsSchema.safeParse({ ...good, key: '' }).success).toBe(false);
    expect(flowhubVendor.credentialsSchema.safeParse({ ...good, baseUrl: 'https://api.flowhub.com' }).success).toBe(
      false,
    );
  });

  it('describes an integration by its base URL only, never the client id or key', () => {
    const credentials = {
      baseUrl: 'https://api.flowhub.co',
      clientId: 'id-SECRET',
      key: 'key-SECRET',
      locationId: 'l',
    };
    expect(flowhubVendor.describe(credentials)).toEqual({ baseUrl: 'https://api.flowhub.co' });
  });

  it('starts its simulator (simulator registry entry) whose credentials a client from the registry entry can use', async () => {
    const { simulator, credentials } = await flowhubSimulator.start({ customers: 3 });
    try {
      const client = flowhubVendor.createClient({ outbound, credentials, timeZone: 'America/Denver' });
      await client.testConnection();
      expect(client.vendor).toBe('flowhub');
      expect(simulator.store.size).toBe(3);
    } finally {
      await simulator.close();
    }
  });
});
