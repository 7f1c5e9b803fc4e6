import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { DEFAULT_ID_NUMBER_LOOKUP_POLICY } from './customers/id-number-lookups.ts';
import { DEFAULT_KIOSK_POLICY } from './kiosk/kiosk-policy.ts';
import { DEFAULT_LIVENESS } from './sync/jobs/queues.ts';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('configuration', () => {
  it('applies the documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.demo).toBe(true);
    expect(config.demoPassword).toBe('patron-demo');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it('sets the kiosk limits and customer token lifetime from PATRON_KIOSK_* and PATRON_CUSTOMER_TOKEN_MINUTES', () => {
    expect(loadConfig({}).kiosk).toEqual(DEFAULT_KIOSK_POLICY);
    const kiosk = loadConfig({
      PATRON_CUSTOMER_TOKEN_MINUTES: '5',
      PATRON_KIOSK_IDENTIFY_KEY_LIMIT: '100',
      PATRON_KIOSK_IDENTIFY_PHONE_LIMIT: '3',
      PATRON_KIOSK_IDENTIFY_WINDOW_SECONDS: '60',
      PATRON_KIOSK_IDENTIFY_MIN_MS: '0',
    }).kiosk;
    expect(kiosk).toEqual({
      customerTokenTtlMs: 300_000,
      identifyKeyLimit: 100,
      identifyPhoneLimit: 3,
      identifyWindowMs: 60_000,
      identifyMinMs: 0,
    });
    expect(problemsOf({ PATRON_KIOSK_IDENTIFY_PHONE_LIMIT: '0' })[0]).toMatch(
      /^PATRON_KIOSK_IDENTIFY_PHONE_LIMIT: expected a whole number from 1 to 1000/,
    );
  });

  it('sets how many lookups by ID number a staff member may make per hour from PATRON_ID_SEARCH_LIMIT', () => {
    expect(loadConfig({}).idNumberLookups).toEqual(DEFAULT_ID_NUMBER_LOOKUP_POLICY);
    expect(loadConfig({ PATRON_ID_SEARCH_LIMIT: '5' }).idNumberLookups).toEqual({ limit: 5, windowMs: 3_600_000 });
    expect(problemsOf({ PATRON_ID_SEARCH_LIMIT: '0' })[0]).toMatch(
      /^PATRON_ID_SEARCH_LIMIT: expected a whole number from 1 to 100000/,
    );
  });

  it("sets how soon a killed worker's jobs are retried from PATRON_JOB_*, refusing a heartbeat pg-boss would refuse", () => {
    expect(loadConfig({}).jobLiveness).toEqual(DEFAULT_LIVENESS);
    expect(loadConfig({ PATRON_JOB_HEARTBEAT_SECONDS: '10', PATRON_JOB_MONITOR_SECONDS: '1' }).jobLiveness).toEqual({
      heartbeatSeconds: 10,
      monitorSeconds: 1,
    });
    expect(problemsOf({ PATRON_JOB_HEARTBEAT_SECONDS: '5' })).toEqual([
      'PATRON_JOB_HEARTBEAT_SECONDS: expected a whole number from 10 to 3600, got "5"',
    ]);
    expect(problemsOf({ PATRON_JOB_MONITOR_SECONDS: '0' })).toEqual([
      'PATRON_JOB_MONITOR_SECONDS: expected a whole number from 1 to 600, got "0"',
    ]);
  });

  it('rejects a port that is not a number, naming the variable and the value', () => {
    expect(problemsOf({ PORT: 'abc' })).toEqual(['PORT: expected a whole number from 0 to 65535, got "abc"']);
  });

  it('rejects a port out of range', () => {
    expect(problemsOf({ PORT: '70000' })[0]).toMatch(/^PORT: expected a whole number from 0 to 65535/);
  });

  it('rejects a DATABASE_URL that is not a PostgreSQL URL without echoing it (it may hold a password)', () => {
    const [problem] = problemsOf({ DATABASE_URL: 'mysql://root:secret@db/patron' });
    expect(problem).toMatch(/^DATABASE_URL: expected a URL such as postgres:/);
    expect(problem).not.toContain('secret');
  });

  it('takes the application login from PATRON_APP_DATABASE_URL, only beside DATABASE_URL and only as patron_app', () => {
    const owner = 'postgres://owner:owner-secret@db:5432/patron';
    const app = 'postgres://patron_app:app-secret@db:5432/patron';
    expect(loadConfig({ DATABASE_URL: owner, PATRON_APP_DATABASE_URL: app }).appDatabaseUrl).toBe(app);
    expect(loadConfig({ DATABASE_URL: owner }).appDatabaseUrl).toBeUndefined();
    expect(problemsOf({ PATRON_APP_DATABASE_URL: app })).toEqual([
      "PATRON_APP_DATABASE_URL: needs DATABASE_URL too (the owner's login, for migrations)",
    ]);
    const [asOwner] = problemsOf({ DATABASE_URL: owner, PATRON_APP_DATABASE_URL: owner });
    expect(asOwner).toMatch(/^PATRON_APP_DATABASE_URL: must log in as patron_app/);
    expect(asOwner).not.toContain('secret');
  });

  it('rejects a PATRON_DEMO that is not a flag', () => {
    expect(problemsOf({ PATRON_DEMO: 'maybe' })[0]).toMatch(/^PATRON_DEMO: expected 1 or 0/);
  });

  it('runs the POS simulators by default and turns them off with PATRON_SIMULATORS=0', () => {
    expect(loadConfig({}).simulators).toBe(true);
    expect(loadConfig({ PATRON_SIMULATORS: '0' }).simulators).toBe(false);
    expect(problemsOf({ PATRON_SIMULATORS: 'sometimes' })[0]).toMatch(/^PATRON_SIMULATORS: expected 1 or 0/);
  });

  it('rejects a short demo password', () => {
    expect(problemsOf({ PATRON_DEMO_PASSWORD: 'short' })[0]).toMatch(/^PATRON_DEMO_PASSWORD: must be at least 8/);
  });

  it('rejects a master key that is not 32 bytes of base64', () => {
    expect(problemsOf({ PATRON_MASTER_KEY: 'too-short' })[0]).toMatch(/^PATRON_MASTER_KEY: expected 32 random bytes/);
  });

  it('reads PATRON_PREVIOUS_MASTER_KEYS as a comma-separated list, empty when unset', () => {
    const a = Buffer.alloc(32, 1).toString('base64');
    const b = Buffer.alloc(32, 2).toString('base64');
    expect(loadConfig({}).previousMasterKeys).toEqual([]);
    expect(loadConfig({ PATRON_PREVIOUS_MASTER_KEYS: `${a}, ${b}` }).previousMasterKeys).toEqual([a, b]);
  });

  it('names each bad previous master key by position, without echoing any key', () => {
    const good = Buffer.alloc(32, 1).toString('base64');
    const short = Buffer.alloc(16, 3).toString('base64');
    const problems = problemsOf({ PATRON_PREVIOUS_MASTER_KEYS: `${good},${short},` });
    expect(problems).toEqual([
      'PATRON_PREVIOUS_MASTER_KEYS: entry 2 of 3 decodes to 16 bytes; expected 32 random bytes in base64 each, separated by commas',
      'PATRON_PREVIOUS_MASTER_KEYS: entry 3 of 3 is empty; expected 32 random bytes in base64 each, separated by commas',
    ]);
    expect(problems.join('\n')).not.toContain(good);
    expect(problems.join('\n')).not.toContain(short);
  });

  it('reports every bad value at once, one line each', () => {
    const problems = problemsOf({ PORT: '-1', LOG_LEVEL: 'loud', PATRON_SESSION_TTL_HOURS: '0' });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL: expected one of fatal, error/);
  });

  it('asks for the admin email and password together when demo mode is off', () => {
    expect(problemsOf({ PATRON_DEMO: '0', PATRON_ADMIN_EMAIL: 'boss@example.com' })[0]).toMatch(
      /set PATRON_ADMIN_EMAIL and PATRON_ADMIN_PASSWORD together/,
    );
  });

  it('reads the bootstrap admin when demo mode is off', () => {
    const config = loadConfig({
      PATRON_DEMO: '0',
      PATRON_ADMIN_EMAIL: 'boss@example.com',
      PATRON_ADMIN_PASSWORD: 'a-long-password',
    });
    expect(config.demo).toBe(false);
    expect(config.bootstrapAdmin).toEqual({
      email: 'boss@example.com',
      password: 'a-long-password',
      orgName: 'My Dispensary',
    });
  });

  it('serves no metrics unless PATRON_METRICS_PORT is set, on loopback unless PATRON_METRICS_HOST says otherwise', () => {
    expect(loadConfig({}).metrics).toEqual({ host: '127.0.0.1', port: undefined, token: undefined });
    expect(
      loadConfig({
        PATRON_METRICS_HOST: '0.0.0.0',
        PATRON_METRICS_PORT: '9464',
        PATRON_METRICS_TOKEN: 'a-long-metrics-token',
      }).metrics,
    ).toEqual({ host: '0.0.0.0', port: 9464, token: 'a-long-metrics-token' });
    expect(loadConfig({ PATRON_METRICS_PORT: '0' }).metrics.port).toBe(0);
    expect(problemsOf({ PATRON_METRICS_PORT: 'ninety' })).toEqual([
      'PATRON_METRICS_PORT: expected a whole number from 0 to 65535, got "ninety"',
    ]);
  });

  it('refuses a short metrics token, or one without the listener it guards, without echoing it', () => {
    const short = problemsOf({ PATRON_METRICS_PORT: '9464', PATRON_METRICS_TOKEN: 'short-secret' });
    expect(short).toEqual(['PATRON_METRICS_TOKEN: expected at least 16 characters (e.g. `openssl rand -base64 24`)']);
    expect(problemsOf({ PATRON_METRICS_TOKEN: 'a-long-metrics-token' })).toEqual([
      'PATRON_METRICS_TOKEN: is used only by the metrics listener: set PATRON_METRICS_PORT too',
    ]);
  });

  it('reads PATRON_ALLOWED_TARGETS, and adds loopback only in demo mode (for the simulators)', () => {
    expect(loadConfig({}).allowedTargets).toEqual(['127.0.0.0/8', '::1/128']);
    const production = { PATRON_DEMO: '0' };
    expect(loadConfig(production).allowedTargets).toEqual([]);
    expect(
      loadConfig({ ...production, PATRON_ALLOWED_TARGETS: ' 10.20.0.0/16, pos.internal ,*.corp.example,' })
        .allowedTargets,
    ).toEqual(['10.20.0.0/16', 'pos.internal', '*.corp.example']);
  });

  it('refuses a PATRON_ALLOWED_TARGETS entry that is neither a CIDR, an address nor a host name, by position', () => {
    expect(problemsOf({ PATRON_ALLOWED_TARGETS: '10.0.0.0/8,not a host,10.0.0.0/40' })).toEqual([
      expect.stringMatching(/^PATRON_ALLOWED_TARGETS: entry 2 is neither a CIDR .* \(got "not a host"\)$/),
      'PATRON_ALLOWED_TARGETS: entry 3: the prefix length must be at most 32 (got "10.0.0.0/40")',
    ]);
  });
});
