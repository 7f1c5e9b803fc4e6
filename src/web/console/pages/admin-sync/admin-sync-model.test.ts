import { describe, expect, it } from 'vitest';
import { isLive, runDuration } from './sync-run-progress.ts';
import { credentialFieldsFor, credentialsBody, VENDORS } from './vendor-credentials.ts';

describe('the credentials form per vendor', () => {
  it('lists the five vendors, each with a base URL first', () => {
    expect(VENDORS).toEqual(['treez', 'flowhub', 'cova', 'dutchie', 'blaze']);
    for (const vendor of VENDORS) expect(credentialFieldsFor(vendor)[0]?.name).toBe('baseUrl');
    expect(credentialFieldsFor('dutchie').find((f) => f.name === 'apiKey')?.secret).toBe(true);
    expect(credentialFieldsFor('nobody')).toEqual([]);
  });

  it('sends the typed values, leaves blank optional ones out, and nothing when all are blank', () => {
    expect(credentialsBody('dutchie', { baseUrl: ' http://x ', apiKey: 'k' })).toEqual({
      baseUrl: 'http://x',
      apiKey: 'k',
    });
    expect(credentialsBody('dutchie', {})).toBeUndefined();
    const cova = credentialsBody('cova', { baseUrl: 'http://c', locationId: '' });
    expect(cova).not.toHaveProperty('locationId');
    expect(cova).toHaveProperty('password', '');
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
