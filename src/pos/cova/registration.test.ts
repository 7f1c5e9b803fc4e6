import { describe, expect, it } from 'vitest';
import { loopbackAllowedOutbound } from '../../egress/outbound-http.ts';
import { crmApiBase, tokenUrl } from './credentials.ts';
import { covaVendor } from './registration.ts';
import { covaSimulator } from './simulator.ts';

/** The simulators listen on loopback: allowed here explicitly, as demo mode allows it. */
const outbound = loopbackAllowedOutbound();

const good = {
  baseUrl: 'https://api.covasoft.net/crm',
  authUrl: 'https://accounts.iqmetrix.net/v1/oauth2/token',
  username: 'integration@example.com',
  password: 'pw',
  clientId: 'client',
  clientSecret: 'secret',
  companyId: '12345',
  locationId: '678',
};

describe('cova registration', () => {
  it('validates credentials in the API.md shape, taking the company id as a number or its digits', () => {
    expect(covaVendor.credentialsSchema.parse(good)).toEqual(good);
    expect(covaVendor.credentialsSchema.parse({ ...good, companyId: 12345, locationId: 678 })).toEqual(good);
    expect(covaVendor.credentialsSchema.safeParse({ ...good, companyId: 'acme' }).success).toBe(false);
    expect(covaVendor.credentialsSchema.safeParse({ ...good, clientSecret: '' }).success).toBe(false);
  });

  it('derives the v1 CRM base and the token endpoint from bases written either way', () => {
    expect(crmApiBase(good)).toBe('https://api.covasoft.net/crm/v1');
    expect(crmApiBase({ baseUrl: 'https://crmdemo.iqmetrix.net/v1/' })).toBe('https://crmdemo.iqmetrix.net/v1');
    expect(tokenUrl(good)).toBe('https://accounts.iqmetrix.net/v1/oauth2/token');
    expect(tokenUrl({ authUrl: 'https://accounts.iqmetrix.net' })).toBe(
      'https://accounts.iqmetrix.net/v1/oauth2/token',
    );
  });

  it('describes an integration by its base URL only, never the user, password or client secret', () => {
    expect(covaVendor.describe(good)).toEqual({ baseUrl: 'https://api.covasoft.net/crm' });
  });

  it('starts its simulator (simulator registry entry) whose credentials a client from the registry entry can use', async () => {
    const { simulator, credentials } = await covaSimulator.start({ customers: 3 });
    try {
      const client = covaVendor.createClient({ outbound, credentials, timeZone: 'America/Vancouver' });
      await client.testConnection();
      expect(client.vendor).toBe('cova');
      expect(simulator.store.size).toBe(3);
    } finally {
      await simulator.close();
    }
  });
});
