import { describe, expect, it } from 'vitest';
import { loopbackAllowedOutbound } from '../../egress/outbound-http.ts';
import { treezVendor } from './registration.ts';
import { treezSimulator } from './simulator.ts';

/** The simulators listen on loopback: allowed here explicitly, as demo mode allows it. */
const outbound = loopbackAllowedOutbound();

describe('treez registry entry', () => {
  it('accepts {baseUrl, clientId, apiKey} with a base URL ending in /v2.0/dispensary/<dispensary>, and nothing less', () => {
    const good = { baseUrl: 'https://api.treez.io/v2.0/dispensary/partnersandbox2', clientId: 'c', apiKey: 'k' };
    expect(treezVendor.credentialsSchema.parse(good)).toEqual(good);
    expect(treezVendor.credentialsSchema.safeParse({ ...good, apiKey: '' }).success).toBe(false);
    expect(treezVendor.credentialsSchema.safeParse({ ...good, clientId: '' }).success).toBe(false);
    expect(treezVendor.credentialsSchema.safeParse({ ...good, baseUrl: 'https://api.treez.io/v3/x' }).success).toBe(
      false,
    );
  });

  it('shows only the base URL of credentials back, never the client id or key', () => {
    const credentials = { baseUrl: 'https://api.treez.io/v2.0/dispensary/x', clientId: 'id-SECRET', apiKey: 'SECRET' };
    expect(treezVendor.describe(credentials)).toEqual({ baseUrl: credentials.baseUrl });
    expect(treezVendor.targets(credentials)).toEqual({ baseUrl: credentials.baseUrl });
  });

  it('starts its simulator, and a client built from the entry connects to it and reads a customer', async () => {
    const { simulator, credentials } = await treezSimulator.start({ customers: 3 });
    try {
      const client = treezVendor.createClient({
        outbound,
        credentials: treezVendor.credentialsSchema.parse(credentials),
        timeZone: 'America/Los_Angeles',
      });
      expect(client.vendor).toBe('treez');
      await client.testConnection();
      expect((await client.get('1')).externalId).toBe('1');
      expect(simulator.store.size).toBe(3);
    } finally {
      await simulator.close();
    }
  });
});
