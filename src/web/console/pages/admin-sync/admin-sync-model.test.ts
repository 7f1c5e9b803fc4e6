import { describe, expect, it } from 'vitest';
import { isLive, runDuration } from './sync-run-progress.ts';
import { credentialFieldsOf, credentialsBody, type PosVendorForm } from './vendor-credentials.ts';

// An answer of GET /pos-vendors as the server makes it (src/sync/pos-vendors.ts), written out by hand.
const cova: PosVendorForm = {
  vendor: 'cova',
  displayName: 'Cova',
  credentialsSchema: {
    properties: {
      baseUrl: { title: 'Base URL', format: 'uri' },
      password: { title: 'Password', writeOnly: true },
      companyId: { title: 'Company ID' },
      locationId: { title: 'Location ID' },
    },
    required: ['baseUrl', 'password', 'companyId'],
  },
  secretFields: ['password'],
};

describe('the credentials form of a vendor, from its JSON Schema', () => {
  it('has a field per property in order, labelled by its title, secrets and URLs marked', () => {
    expect(credentialFieldsOf(cova)).toEqual([
      { name: 'baseUrl', label: 'Base URL', secret: false, required: true, kind: 'url' },
      { name: 'password', label: 'Password', secret: true, required: true, kind: 'text' },
      { name: 'companyId', label: 'Company ID', secret: false, required: true, kind: 'text' },
      { name: 'locationId', label: 'Location ID', secret: false, required: false, kind: 'text' },
    ]);
    expect(credentialFieldsOf(undefined)).toEqual([]);
  });

  it("offers the schema's first example as the field's placeholder", () => {
    const treez: PosVendorForm = {
      vendor: 'treez',
      displayName: 'Treez',
      credentialsSchema: {
        properties: { baseUrl: { title: 'Base URL', examples: ['https://x/v2.0/dispensary/<d>'] } },
      },
      secretFields: [],
    };
    expect(credentialFieldsOf(treez)[0]?.example).toBe('https://x/v2.0/dispensary/<d>');
  });

  it('sends the typed values, leaves blank optional ones out, and nothing when all are blank', () => {
    const fields = credentialFieldsOf(cova);
    const body = credentialsBody(fields, { baseUrl: ' http://c ', locationId: '' });
    expect(body).toEqual({ baseUrl: 'http://c', password: '', companyId: '' });
    expect(credentialsBody(fields, {})).toBeUndefined();
  });
});

describe('a sync run', () => {
  it('is live while queued or running', () => {
    expect(isLive('queued')).toBe(true);
    expect(isLive('running')).toBe(true);
    expect(isLive('succeeded')).toBe(false);
    expect(isLive('failed')).toBe(false);
  });
  it('tells its duration', () => {
    expect(runDuration(null, null, 0)).toBe('—');
    expect(runDuration('2026-01-01T00:00:00Z', '2026-01-01T00:00:05Z', 0)).toBe('5 s');
    expect(runDuration('2026-01-01T00:00:00Z', null, Date.parse('2026-01-01T00:02:03Z'))).toBe('2 min 3 s');
  });
});
