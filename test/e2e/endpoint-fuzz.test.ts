/**
 * Random input at every JSON endpoint of the app: path parameters, query parameters and bodies built
 * from each route's own OpenAPI description (field names right, values wild), sent with every role's
 * credentials (staff, manager, admin, kiosk key, integration key, a customer token, none). Every path
 * parameter is filled from ids of its own kind (vendor names included) or junk, and each route gets a
 * fresh target customer (and user, API key, subscription), so no route is only fuzzed against a
 * record an earlier route already erased. Whatever arrives, the answer is never a 5xx, every non-2xx
 * is problem+json, and a refused request leaves every table as it was. The route list comes from the
 * app itself, like the authorization matrix.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listApiRoutes } from '../../src/http/app.ts';
import { flushAccessRecords } from '../../src/privacy/audit-log.ts';
import { adultBody } from '../support/customer-fixtures.ts';
import { inviteUser } from '../support/invite-user.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let snapshotSql: string;
let syncRunId: string;
let n = 0;
beforeAll(async () => {
  t = await createTestApp();
  // Throttle counters count refused logins on purpose; sessions change with every login and logout.
  const tables = await t.database.pool.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public'
       AND tablename NOT IN ('rate_limit_counters', 'sessions', '__drizzle_migrations') ORDER BY 1`,
  );
  // An API key's `last_used_at` is stamped by any use of the key (at most once a minute), refused or not.
  const rows = (table: string) =>
    table === 'api_keys'
      ? `(SELECT id, org_id, store_id, name, role, key_hash, key_prefix, created_at, expires_at, revoked_at FROM api_keys)`
      : `"${table}"`;
  snapshotSql = tables.rows
    .map(
      (r) =>
        `SELECT '${r.tablename}' AS t, count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM ${rows(r.tablename)} x`,
    )
    .join(' UNION ALL ');
  // A store with an integration (its POS unreachable) and one queued run, so store, integration and
  // sync-run routes have a real record to act on.
  const treez = t.demo.storeIds.Treez;
  const connected = await t.request('PUT', `/api/v1/stores/${treez}/integration`, t.tokens.admin, {
    vendor: 'treez',
    credentials: { baseUrl: 'http://127.0.0.1:9/v2.0/dispensary/fuzz', clientId: 'fuzz', apiKey: 'fuzz-key' },
    pollIntervalSeconds: 3600,
    enabled: true,
  });
  expect(connected.statusCode, connected.body).toBe(200);
  const run = await t.request('POST', `/api/v1/stores/${treez}/sync`, t.tokens.admin, { mode: 'incremental' });
  expect(run.statusCode, run.body).toBe(202);
  syncRunId = run.json().runId;
  expect(syncRunId).toMatch(/^[0-9a-f-]{36}$/);
}, 60_000);
afterAll(() => t.close());

/** Every table's fingerprint, once view and search records queued by earlier reads are written. */
const snapshot = async () => {
  await flushAccessRecords(t.database.db);
  return (await t.database.pool.query(snapshotSql)).rows;
};

const leaf = fc.oneof(
  fc.constantFrom('', ' ', "'; DROP TABLE customers;--", '\u0000', '😀', 'N/A', '1900-01-01', 'x'.repeat(5_000)),
  fc.constantFrom('anonymize', 'delete', 'sms', 'email', 'treez', 'kiosk', 'manager', 'full', 'medical_card_expired'),
  fc.constantFrom('http://127.0.0.1:9/v2.0/dispensary/fuzz', '00000000-0000-0000-0000-000000000000'),
  fc.string({ maxLength: 20 }),
  fc.integer({ min: -2, max: 100_000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  leaf,
  node: fc.oneof(
    { depthSize: 'small' },
    tie('leaf'),
    fc.array(tie('leaf'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('leaf'), { maxKeys: 3 }),
  ),
})).node;

/** Fresh records for one route: its target customer (and that customer's own token), user, key, subscription. */
interface Targets {
  customer: string;
  customerToken: string;
  user: string;
  invitation: string;
  apiKey: string;
  subscription: string;
}

async function freshTargets(): Promise<Targets> {
  n += 1;
  const body = adultBody(n);
  const created = await t.request('POST', '/api/v1/customers', t.tokens.manager, body);
  expect(created.statusCode, created.body).toBe(201);
  const identified = await t.request('POST', '/api/v1/kiosk/identify', t.tokens.kiosk, {
    phone: body.phone,
    dateOfBirth: body.dateOfBirth,
  });
  expect(identified.statusCode, identified.body).toBe(200);
  const user = await inviteUser(t, {
    email: `fuzz-target-${n}@demo.test`,
    name: 'Fuzz Target',
    role: 'staff',
    password: 'fuzz-target-password',
  });
  const invitation = await t.request('POST', '/api/v1/users', t.tokens.admin, {
    email: `fuzz-invited-${n}@demo.test`,
    name: 'Fuzz Invited',
    role: 'staff',
  });
  expect(invitation.statusCode, invitation.body).toBe(202);
  const key = await t.request('POST', '/api/v1/api-keys', t.tokens.admin, { name: `Fuzz ${n}`, role: 'integration' });
  expect(key.statusCode, key.body).toBe(201);
  const subscription = await t.request('POST', '/api/v1/webhook-subscriptions', t.tokens.admin, {
    url: 'http://127.0.0.1:9/fuzz-hooks',
    events: ['customer.created'],
    secret: 'fuzz-subscription-secret',
  });
  expect(subscription.statusCode, subscription.body).toBe(201);
  return {
    customer: created.json().id,
    customerToken: identified.json().customerToken,
    user: user.id,
    invitation: invitation.json().id,
    apiKey: key.json().id,
    subscription: subscription.json().id,
  };
}

const junkId = fc.oneof(fc.uuid(), fc.constantFrom('x', '%00', '..%2F..', '9'.repeat(300)));

/** Values for each path parameter of a route: ids of the kind it names, else junk. */
function pathParameter(route: string, name: string, targets: Targets): fc.Arbitrary<string> {
  const stores = [t.demo.storeIds.Treez, t.demo.storeIds.Cova, t.demo.storeIds.Flowhub];
  const mixed = (...known: string[]) => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, junkId);
  if (name === 'vendor') {
    return fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('treez', 'flowhub', 'cova', 'dutchie', 'blaze') },
      fc.constantFrom('TREEZ', 'square', '', '%00', 'x'.repeat(300)),
    );
  }
  if (name === 'storeId') return mixed(...stores);
  const resource = route.split('/')[3];
  switch (resource) {
    case 'customers':
      return mixed(targets.customer);
    case 'users':
      return mixed(targets.user);
    case 'invitations':
      return mixed(targets.invitation);
    case 'api-keys':
      return mixed(targets.apiKey);
    case 'stores':
      return mixed(...stores);
    case 'sync-runs':
      return mixed(syncRunId);
    case 'webhook-subscriptions':
      return mixed(targets.subscription);
    default:
      return junkId;
  }
}

type Role = 'staff' | 'manager' | 'admin' | 'kiosk' | 'integration' | 'customer' | 'none';
const ROLES: Role[] = ['staff', 'manager', 'admin', 'kiosk', 'integration', 'customer', 'none'];
const USERS = { staff: 'staff@demo.test', manager: 'manager@demo.test', admin: 'admin@demo.test' } as const;

/** The bearer of a role; a logout ends a session, so a user role logs in anew for it. */
async function tokenOf(role: Role, route: string, targets: Targets): Promise<string | undefined> {
  if (role === 'none') return undefined;
  if (role === 'customer') return targets.customerToken;
  if (role === 'kiosk' || role === 'integration') return t.tokens[role];
  return route.endsWith('/logout') ? t.login(USERS[role]) : t.tokens[role];
}

interface Shape {
  bodyKeys: string[];
  queryKeys: string[];
}

/** Field names of each route's body and query, from the OpenAPI document the app serves. */
function shapes(): Map<string, Shape> {
  const doc = t.app.swagger() as {
    paths: Record<string, Record<string, { parameters?: { in: string; name: string }[]; requestBody?: unknown }>>;
    components?: { schemas?: Record<string, unknown> };
  };
  const resolve = (schema: unknown): { properties?: Record<string, unknown> } => {
    const ref = (schema as { $ref?: string } | undefined)?.$ref;
    if (ref) return resolve(doc.components?.schemas?.[ref.split('/').at(-1) ?? '']);
    return (schema ?? {}) as { properties?: Record<string, unknown> };
  };
  const out = new Map<string, Shape>();
  for (const [p, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const body = (op.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)?.content;
      const schema = resolve(body?.['application/json']?.schema);
      out.set(`${method.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`, {
        bodyKeys: Object.keys(schema.properties ?? {}),
        queryKeys: (op.parameters ?? []).filter((x) => x.in === 'query').map((x) => x.name),
      });
    }
  }
  return out;
}

describe('every JSON endpoint under random input', () => {
  it('never answers 5xx, answers errors as problem+json, and stores nothing when it refuses', async () => {
    const described = shapes();
    const routes = listApiRoutes(t.app);
    expect(routes.length).toBeGreaterThan(30);
    for (const route of routes) {
      const shape = described.get(`${route.method} ${route.url}`) ?? { bodyKeys: [], queryKeys: [] };
      const targets = await freshTargets();
      const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      const params = fc.tuple(...names.map((name) => pathParameter(route.url, name, targets)));
      const body = fc.oneof(
        fc.dictionary(fc.constantFrom(...shape.bodyKeys, 'unknownField'), value, { maxKeys: 5 }),
        value,
        fc.constant(undefined),
      );
      const query = fc.dictionary(
        fc.constantFrom(...shape.queryKeys, 'limit', 'cursor'),
        fc.string({ maxLength: 12 }),
        {
          maxKeys: 3,
        },
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...ROLES), params, query, body, async (role, values, q, b) => {
          const token = await tokenOf(role, route.url, targets);
          const path = names.reduce((url, name, i) => url.replace(`:${name}`, values[i]!), route.url);
          const url = `${path}?${new URLSearchParams(q)}`;
          const what = `${role} ${route.method} ${url}`;
          const before = await snapshot();
          const res = await t.request(route.method, url, token, b);
          expect(res.statusCode, `${what} -> ${res.body.slice(0, 300)}`).toBeLessThan(500);
          if (res.statusCode < 200 || res.statusCode >= 300) {
            expect(res.headers['content-type'], `${what} ${res.statusCode} ${res.body.slice(0, 200)}`).toMatch(
              /^application\/problem\+json/,
            );
          }
          if (res.statusCode >= 400) {
            expect(await snapshot(), `${what} refused with ${res.statusCode}`).toEqual(before);
          }
        }),
        { numRuns: 35 },
      );
    }
  }, 400_000);
});
