/**
 * Server-side request forgery (issue 12): an admin cannot make Patron reach what it must not. Here
 * Patron runs as in production with nothing allow-listed (no loopback), and its resolver answers
 * 127.0.0.1 for `*.rebind.test`, as a name rebound after registration would: integration and
 * webhook URLs that could never be allowed are refused with a 422, and what slips through as a name
 * is refused at connect time, in the words "not an allowed address" and no others.
 */
import { lookup as dnsLookup } from 'node:dns';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOOPBACK_TARGETS } from '../../src/egress/allowed-targets.ts';
import { createOutboundHttp } from '../../src/egress/outbound-http.ts';
import { createTargetPolicy } from '../../src/egress/target-policy.ts';
import { createSyncVault } from '../../src/privacy/vault.ts';
import { configureIntegration } from '../../src/sync/integrations/integrations.ts';
import { createTestApp, TEST_MASTER_KEY, type TestApp } from '../support/test-app.ts';
import { type RunningDeliveries, startWebhookDeliveries } from '../support/webhook-deliveries.ts';

/** `*.rebind.test` resolves to 127.0.0.1; other names as usual. */
const rebindingLookup = ((host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
  if (!host.endsWith('.rebind.test')) return dnsLookup(host, options as never, callback as never);
  if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
}) as unknown as typeof dnsLookup;

let t: TestApp;
let deliveries: RunningDeliveries | undefined;
let receiver: Server;
let received = 0;
let receiverPort: number;
let pgPort: number;
const vault = createSyncVault(TEST_MASTER_KEY);
const secret = 'a-subscriber-secret-of-some-length';

beforeAll(async () => {
  t = await createTestApp({ outbound: createOutboundHttp(createTargetPolicy([]), { lookup: rebindingLookup }) });
  pgPort = Number(new URL(t.database.url).port);
  receiver = createServer((_req, res) => {
    received += 1;
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverPort = (receiver.address() as AddressInfo).port;
  deliveries = await startWebhookDeliveries(t, 3);
}, 60_000);

afterAll(async () => {
  await deliveries?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
  await t?.close();
});

const integration = (storeId: string, rest = '') => `/api/v1/stores/${storeId}/integration${rest}`;
/** Treez credentials whose base URL is at `origin` (Treez bases end with the dispensary's path). */
const treez = (origin: string) => ({
  vendor: 'treez',
  credentials: { baseUrl: `${origin}/v2.0/dispensary/ssrf`, clientId: 'client', apiKey: 'key' },
  pollIntervalSeconds: 300,
  enabled: true,
});

/** What an answer must never carry about a refused target: its status, its socket error, its banner. */
const LEAKS = /ECONNREFUSED|ECONNRESET|EPIPE|socket|answered \d{3}|HTTP \d{3}|\b40[134]\b|parse/i;

describe('POS integrations (SSRF)', () => {
  it.each([
    ['the database port on loopback', () => `http://127.0.0.1:${pgPort}`],
    ['loopback in hex', () => `http://0x7f000001:${pgPort}`],
    ['loopback in decimal', () => 'http://2130706433'],
    ['loopback as mapped IPv6', () => `http://[::ffff:127.0.0.1]:${pgPort}`],
    ['localhost', () => 'http://localhost:3000'],
    ['a private address', () => 'http://10.0.0.1'],
    ['cloud metadata', () => 'http://169.254.169.254'],
    ['AWS IPv6 metadata', () => 'http://[fd00:ec2::254]'],
    ['a user and password in the URL', () => 'https://user:pass@pos.example.com'],
  ])('refuses a base URL at %s with a 422 naming the field', async (_what, baseUrl) => {
    const res = await t.request('PUT', integration(t.demo.storeIds.Treez), t.tokens.admin, treez(baseUrl()));
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().errors).toEqual([
      { path: 'credentials.baseUrl', message: expect.stringMatching(/not an allowed address|user name or password/) },
    ]);
  });

  it('refuses a Cova token URL at a private address, naming credentials.authUrl', async () => {
    const res = await t.request('PUT', integration(t.demo.storeIds.Cova), t.tokens.admin, {
      vendor: 'cova',
      credentials: {
        baseUrl: 'https://api.covasoft.net/crm',
        authUrl: 'http://192.168.0.10/v1/oauth2/token',
        username: 'u',
        password: 'p',
        clientId: 'c',
        clientSecret: 's',
        companyId: '1',
      },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ path: 'credentials.authUrl', message: expect.stringContaining('private') }]);
  });

  it('answers the connection test of a name that resolves to the database port "not an allowed address", and nothing of what is there', async () => {
    const store = t.demo.storeIds.Treez;
    const put = await t.request('PUT', integration(store), t.tokens.admin, treez(`http://pg.rebind.test:${pgPort}`));
    expect(put.statusCode).toBe(200);
    const res = await t.request('POST', integration(store, '/test'), t.tokens.admin);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: false, detail: expect.stringContaining('not an allowed address') });
    expect(res.json().detail).not.toMatch(LEAKS);
  });

  it('answers the connection test of an integration stored with a loopback address (before this check existed) the same way', async () => {
    // Stored as an older Patron (or a demo database) would have: the app's connector still refuses it.
    const store = t.demo.storeIds.Flowhub;
    await configureIntegration(
      { db: t.database.ownerDb, vault, outbound: createOutboundHttp(createTargetPolicy(LOOPBACK_TARGETS)) },
      { orgId: t.demo.orgId, storeId: store },
      {
        vendor: 'flowhub',
        credentials: { baseUrl: `http://127.0.0.1:${pgPort}`, clientId: 'c', key: 'k', locationId: 'l' },
        pollIntervalSeconds: 300,
        enabled: true,
      },
    );
    const res = await t.request('POST', integration(store, '/test'), t.tokens.admin);
    expect(res.json()).toEqual({ ok: false, detail: expect.stringContaining('not an allowed address') });
    expect(res.json().detail).not.toMatch(LEAKS);
  });
});

describe('webhook subscriptions (SSRF)', () => {
  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/',
    'http://10.0.0.1/',
    'http://0x7f000001/',
    'http://2130706433/',
    'http://127.0.0.1:5432/',
    'http://[::1]/',
    'http://user:pass@hooks.example.com/',
    'ftp://hooks.example.com/',
  ])('refuses %s with a 422 naming url', async (url) => {
    const res = await t.request('POST', '/api/v1/webhook-subscriptions', t.tokens.admin, {
      url,
      events: ['customer.created'],
      secret,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ path: 'url', message: expect.any(String) }]);
  });

  it('refuses a delivery to a name that resolves to a refused address at once, "not an allowed address", and sends it nothing', async () => {
    const created = await t.request('POST', '/api/v1/webhook-subscriptions', t.tokens.admin, {
      url: `http://hooks.rebind.test:${receiverPort}/patron`,
      events: ['customer.created'],
      secret,
    });
    expect(created.statusCode).toBe(201);
    const customer = await t.request('POST', '/api/v1/customers', t.tokens.staff, {
      firstName: 'Ssrf',
      lastName: 'Probe',
      dateOfBirth: '1985-05-05',
      phone: '+17025557001',
    });
    expect(customer.statusCode).toBe(201);
    const deliveries = `/api/v1/webhook-subscriptions/${created.json().id}/deliveries`;
    let delivery:
      | { status: string; lastError: string | null; lastStatusCode: number | null; attempts: number }
      | undefined;
    for (const end = Date.now() + 20_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
      delivery = (await t.request('GET', deliveries, t.tokens.admin)).json().items[0];
      if (delivery && delivery.status === 'failed') break;
    }
    expect(delivery).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastStatusCode: null,
      lastError: 'not an allowed address',
    });
    expect(received).toBe(0);
  });
});
