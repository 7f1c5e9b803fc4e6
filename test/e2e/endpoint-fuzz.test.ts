/**
 * Random input at every JSON endpoint of the app: path ids, query parameters and bodies built from
 * each route's own OpenAPI description (field names right, values wild). Whatever arrives, the answer
 * is never a 5xx, an error is problem+json, and a refused request leaves every table as it was.
 * The route list comes from the app itself, like the authorization matrix.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listApiRoutes } from '../../src/http/app.ts';
import { flushAccessRecords } from '../../src/privacy/audit-log.ts';
import { adultBody } from '../support/customer-fixtures.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let snapshotSql: string;
let ids: string[];
beforeAll(async () => {
  t = await createTestApp();
  // Throttle counters count refused logins on purpose; sessions change with every login and logout.
  const tables = await t.database.pool.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public'
       AND tablename NOT IN ('rate_limit_counters', 'sessions', '__drizzle_migrations') ORDER BY 1`,
  );
  snapshotSql = tables.rows
    .map(
      (r) =>
        `SELECT '${r.tablename}' AS t, count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${r.tablename}" x`,
    )
    .join(' UNION ALL ');
  const customer = (await t.request('POST', '/api/v1/customers', t.tokens.manager, adultBody(1))).json().id;
  const user = (
    await t.request('POST', '/api/v1/users', t.tokens.admin, {
      email: 'fuzz-target@demo.test',
      name: 'Fuzz Target',
      role: 'staff',
      password: 'fuzz-target-password',
    })
  ).json().id;
  ids = [customer, user, t.demo.storeIds.Treez, t.demo.storeIds.Cova];
});
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
      const pathId = fc.oneof(
        fc.constantFrom(...ids),
        fc.uuid(),
        fc.constantFrom('x', '%00', '..%2F..', '9'.repeat(300)),
      );
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
        fc.asyncProperty(pathId, query, body, async (id, q, b) => {
          const token = route.url.endsWith('/logout') ? await t.login('admin@demo.test') : t.tokens.admin;
          const url = `${route.url.replace(':id', id).replace(':storeId', id)}?${new URLSearchParams(q)}`;
          const before = await snapshot();
          const res = await t.request(route.method, url, token, b);
          expect(res.statusCode, `${route.method} ${url} -> ${res.body.slice(0, 300)}`).toBeLessThan(500);
          if (res.statusCode >= 400) {
            expect(
              res.headers['content-type'],
              `${route.method} ${url} ${res.statusCode} ${res.body.slice(0, 200)}`,
            ).toMatch(/^application\/problem\+json/);
            expect(await snapshot(), `${route.method} ${url} refused with ${res.statusCode}`).toEqual(before);
          }
        }),
        { numRuns: 30 },
      );
    }
  }, 120_000);
});
