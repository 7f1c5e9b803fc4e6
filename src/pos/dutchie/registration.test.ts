import { describe, expect, it } from 'vitest';
import { loopbackAllowedOutbound } from '../../egress/outbound-http.ts';
import { dutchieVendor } from './registration.ts';
import { dutchieSimulator } from './simulator.ts';

/** The simulators listen on loopback: allowed here explicitly, as demo mode allows it. */
const outbound = loopbackAllowedOutbound();

describe('dutchie registry entry', () => {
  it('accepts {baseUrl, apiKey} and refuses a missing key or a base URL that is not http(s)', () => {
    const good = { baseUrl: 'https://api.pos.dutchie.com', apiKey: 'location-key' };
    expect(dutchieVendor.credentialsSchema.safeParse(good).success).toBe(true);
    expect(dutchieVendor.credentialsSchema.safeParse({ ...good, apiKey: '' }).success).toBe(false);
    expect(dutchieVendor.credentialsSchema.safeParse({ ...good, baseUrl: 'ftp://api.pos.dutchie.com' }).success).toBe(
      false,
    );
  });

  it('shows only the base URL of credentials back', () => {
    expect(dutchieVendor.describe({ baseUrl: 'https://api.pos.dutchie.com', apiKey: 'secret' })).toEqual({
      baseUrl: 'https://api.pos.dutchie.com',
    });
  });

  it('starts its simulator, and a client built from the entry connects to it and reads a customer', async () => {
    const { simulator, credentials } = await dutchieSimulator.start({ customers: 3 });
    try {
      const client = dutchieVendor.createClient({
        outbound,
        credentials: dutchieVendor.credentialsSchema.parse(credentials),
        timeZone: 'America/Denver',
      });
      expect(client.vendor).toBe('dutchie');
      await client.testConnection();
      expect((await client.get('1')).externalId).toBe('1');
    } finally {
      await simulator.close();
    }
  });
});
