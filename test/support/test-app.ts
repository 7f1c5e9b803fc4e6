/**
 * An app on its own database with the demo organizations (Demo Dispensary and Other Dispensary),
 * plus helpers to log in and to call the API with `inject` (no port).
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { insertApiKey } from '../../src/auth/api-keys.ts';
import { DEFAULT_ID_NUMBER_LOOKUP_POLICY, type IdNumberLookupPolicy } from '../../src/customers/id-number-lookups.ts';
import { type DemoSetup, ensureDemo } from '../../src/demo/demo-organization.ts';
import { LOOPBACK_TARGETS } from '../../src/egress/allowed-targets.ts';
import { createOutboundHttp, type OutboundHttp } from '../../src/egress/outbound-http.ts';
import { createTargetPolicy } from '../../src/egress/target-policy.ts';
import { buildApp } from '../../src/http/app.ts';
import { createMetrics, type Metrics } from '../../src/http/metrics.ts';
import type { WebAppOptions } from '../../src/http/web-app.ts';
import { DEFAULT_KIOSK_POLICY, type KioskPolicy } from '../../src/kiosk/kiosk-policy.ts';
import { createLogger, type Logger } from '../../src/logger.ts';
import { MemoryMailer } from '../../src/mail/mailer.ts';
import { createFieldProtection } from '../../src/privacy/field-protector.ts';
import { createSyncVault } from '../../src/privacy/vault.ts';
import { createSyncQueue } from '../../src/sync/jobs/pull-requests.ts';
import { lazyJobBoss } from '../../src/sync/jobs/queues.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export const DEMO_PASSWORD = 'patron-demo-test';
/** A fixed key, so tests can decrypt what they stored. */
export const TEST_MASTER_KEY = Buffer.alloc(32, 7);

export interface TestApp {
  app: FastifyInstance;
  /** Every message the app sent (one-time codes, exports, invitations). */
  mailer: MemoryMailer;
  /** What the app counts its requests into; serve it with buildMetricsApp (src/http/metrics-server.ts). */
  metrics: Metrics;
  /** The app's guarded outbound connector (allowing `allowedTargets`): give it to the workers a test starts. */
  outbound: OutboundHttp;
  database: TestDatabase;
  demo: DemoSetup;
  /** Session tokens of the demo users and API keys of each key role, ready to use. */
  tokens: Record<'staff' | 'manager' | 'admin' | 'kiosk' | 'integration' | 'otherAdmin', string>;
  request(method: string, url: string, token?: string, body?: unknown): Promise<LightMyRequestResponse>;
  login(email: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  logger?: Logger;
  /** Bearer cache lifetime; tests run without it unless they test it. */
  authCacheMs?: number;
  /** Adds test-only routes before the app starts serving. */
  configure?: (app: FastifyInstance, database: TestDatabase) => void;
  /** How long a link request waits for the POS id (default 200 ms). */
  linkWaitMs?: number;
  loginPolicy?: Partial<{ accountLimit: number; addressLimit: number; windowMs: number; sessionTtlMs: number }>;
  /** Kiosk limits; by default generous ones without the identification delay, so tests stay quick. */
  kiosk?: Partial<KioskPolicy>;
  /** How often staff may look customers up by ID number; the production defaults unless a test sets them. */
  idNumberLookups?: Partial<IdNumberLookupPolicy>;
  /**
   * The outbound allow-list (`PATRON_ALLOWED_TARGETS`). By default loopback, as demo mode has it, so
   * the simulators on 127.0.0.1 can be reached; `[]` is a production server with nothing listed.
   */
  allowedTargets?: readonly string[];
  /** A connector of the test's own (e.g. with a resolver that rebinds names); replaces `allowedTargets`. */
  outbound?: OutboundHttp;
  /** The built web app to serve at / and /kiosk (e.g. `{ root: WEB_BUILD }` of src/cli/web-build.ts); none by default. */
  webApp?: WebAppOptions;
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const demo = await ensureDemo(database.db, DEMO_PASSWORD);
  // Pulls are queued on this database's pg-boss (started only if a test queues one); no worker runs.
  const jobs = lazyJobBoss({ pool: database.pool });
  const mailer = new MemoryMailer();
  const metrics = createMetrics();
  const outbound =
    options.outbound ?? createOutboundHttp(createTargetPolicy(options.allowedTargets ?? LOOPBACK_TARGETS));
  const app = await buildApp({
    mailer,
    metrics,
    sync: {
      outbound,
      vault: createSyncVault(TEST_MASTER_KEY),
      queue: createSyncQueue(database.db, jobs.get),
      // No worker runs here unless a test starts one: a link request answers 202 quickly.
      linkWaitMs: options.linkWaitMs ?? 200,
    },
    db: database.db,
    protection: createFieldProtection(TEST_MASTER_KEY),
    authCacheMs: options.authCacheMs ?? 0,
    logger: options.logger ?? createLogger('silent'),
    loginPolicy: {
      sessionTtlMs: 3_600_000,
      accountLimit: 5,
      addressLimit: 1000,
      windowMs: 60_000,
      ...options.loginPolicy,
    },
    kiosk: { ...DEFAULT_KIOSK_POLICY, identifyKeyLimit: 10_000, identifyMinMs: 0, ...options.kiosk },
    idNumberLookups: { ...DEFAULT_ID_NUMBER_LOOKUP_POLICY, ...options.idNumberLookups },
    ...(options.webApp ? { webApp: options.webApp } : {}),
  });

  options.configure?.(app, database);

  const request = (method: string, url: string, token?: string, body?: unknown) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(body === undefined ? {} : { payload: body as object }),
    });
  const login = async (email: string, password = DEMO_PASSWORD) => {
    const res = await request('POST', '/api/v1/auth/login', undefined, { email, password });
    if (res.statusCode !== 200) throw new Error(`login of ${email} failed: ${res.statusCode} ${res.body}`);
    return res.json<{ token: string }>().token;
  };

  const integration = await insertApiKey(database.db, demo.orgId, { name: 'Test integration', role: 'integration' });
  const tokens = {
    staff: await login('staff@demo.test'),
    manager: await login('manager@demo.test'),
    admin: await login('admin@demo.test'),
    kiosk: demo.kioskKey,
    integration: integration.key,
    otherAdmin: await login('admin@other.test'),
  };

  return {
    app,
    mailer,
    metrics,
    outbound,
    database,
    demo,
    tokens,
    request,
    login,
    close: async () => {
      await app.close();
      await jobs.stop();
      await outbound.close();
      await database.close();
    },
  };
}
