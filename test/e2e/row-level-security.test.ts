/**
 * Row-level security through real HTTP: a handler whose query forgets its `org_id` filter still sees
 * only the caller's organization, also after a JSON body was read from the socket (its stream events
 * must not lose the request's organization), and nothing without a caller.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adultBody } from '../support/customer-fixtures.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let base: string;
let otherOrg: string;
beforeAll(async () => {
  t = await createTestApp({
    // Test-only routes with the bug the policies are there for: no `org_id` in the query.
    configure: (app, database) => {
      const everyOrgSeen = async () => {
        const { rows } = await database.db.execute<{ org_id: string }>(sql`SELECT DISTINCT org_id FROM customers`);
        return { orgs: rows.map((r) => r.org_id) };
      };
      app.get('/test-only/unfiltered', everyOrgSeen);
      app.post('/test-only/unfiltered', everyOrgSeen);
      // What SQL injected into a handler's query could do with the handler's connection.
      app.get('/test-only/escalate', async () => {
        const who = await database.db.execute<{ login: string }>(sql`SELECT session_user AS login`);
        const owner = (await database.pool.query<{ name: string }>('SELECT current_user AS name')).rows[0]!.name;
        const attempt = async (statement: string) =>
          database.db
            .transaction(async (tx) => {
              await tx.execute(sql.raw(statement));
              return (await tx.execute<{ role: string }>(sql`SELECT current_user AS role`)).rows[0]!.role;
            })
            .catch((error: { cause?: { code?: string } }) => `refused ${error.cause?.code}`);
        return {
          login: who.rows[0]!.login,
          setRole: await attempt(`SET LOCAL ROLE "${owner}"`),
          resetRole: await attempt('RESET ROLE'),
        };
      });
    },
  });
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  otherOrg = (await t.database.pool.query("SELECT id FROM organizations WHERE slug = 'other-dispensary'")).rows[0].id;
  for (const [token, n] of [
    [t.tokens.manager, 1],
    [t.tokens.otherAdmin, 2],
  ] as const) {
    const res = await t.request('POST', '/api/v1/customers', token, adultBody(n));
    expect(res.statusCode).toBe(201);
  }
});
afterAll(() => t.close());

async function orgsSeen(method: 'GET' | 'POST', token?: string): Promise<string[]> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const init: RequestInit =
    method === 'POST'
      ? {
          method,
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ pad: 'x'.repeat(40_000) }),
        }
      : { method, headers };
  const res = await fetch(`${base}/test-only/unfiltered`, init);
  expect(res.status).toBe(200);
  return ((await res.json()) as { orgs: string[] }).orgs;
}

describe('row-level security over HTTP', () => {
  it('shows a query without an org_id filter only the caller organization, with or without a body', async () => {
    const owner = await t.database.pool.query('SELECT DISTINCT org_id FROM customers');
    expect(owner.rows).toHaveLength(2);
    for (const method of ['GET', 'POST'] as const) {
      expect(await orgsSeen(method, t.tokens.manager)).toEqual([t.demo.orgId]);
      expect(await orgsSeen(method, t.tokens.otherAdmin)).toEqual([otherOrg]);
      expect(await orgsSeen(method)).toEqual([]);
    }
  });

  it("runs a handler's queries as the login patron_app, which cannot become the owner", async () => {
    const res = await fetch(`${base}/test-only/escalate`);
    expect(await res.json()).toEqual({ login: 'patron_app', setRole: 'refused 42501', resetRole: 'patron_app' });
  });

  it('keeps concurrent requests of two organizations apart', async () => {
    const calls = Array.from({ length: 30 }, (_, i) => {
      const demo = i % 2 === 0;
      return orgsSeen(i % 3 === 0 ? 'POST' : 'GET', demo ? t.tokens.manager : t.tokens.otherAdmin).then((seen) => ({
        seen,
        expected: demo ? t.demo.orgId : otherOrg,
      }));
    });
    for (const { seen, expected } of await Promise.all(calls)) expect(seen).toEqual([expected]);
  });
});
