import { describe, expect, it } from 'vitest';
import { loopbackAllowedOutbound } from '../../egress/outbound-http.ts';
import { blazeVendor } from './registration.ts';
import { blazeId, blazeSimulator } from './simulator.ts';

/** The simulators listen on loopback: allowed here explicitly, as demo mode allows it. */
const outbound = loopbackAllowedOutbound();

describe('blaze registry entry', () => {
  it('accepts {baseUrl, partnerKey, apiKey} and refuses empty keys or a missing base URL', () => {
    const good = { baseUrl: 'https://api.partners.blaze.me', partnerKey: 'p', apiKey: 'd' };
    expect(blazeVendor.credentialsSchema.safeParse(good).success).toBe(true);
    expect(blazeVendor.credentialsSchema.safeParse({ ...good, apiKey: '' }).success).toBe(false);
    expect(blazeVendor.credentialsSchema.safeParse({ partnerKey: 'p', apiKey: 'd' }).success).toBe(false);
  });

  it('shows only the base URL of credentials back', () => {
    const credentials = { baseUrl: 'https://api.partners.blaze.me', partnerKey: 'secret-1', apiKey: 'secret-2' };
    expect(blazeVendor.describe(credentials)).toEqual({ baseUrl: credentials.baseUrl });
  });

  it('starts the simulator and a client built from the entry reads a member from it', async () => {
    const { simulator, credentials } = await blazeSimulator.start({ customers: 3 });
    try {
      const client = blazeVendor.createClient({
        outbound,
        credentials: blazeVendor.credentialsSchema.parse(credentials),
        timeZone: 'America/Los_Angeles',
      });
      await client.testConnection();
      expect((await client.get(blazeId(2))).externalId).toBe(blazeId(2));
    } finally {
      await simulator.close();
    }
  });
});
