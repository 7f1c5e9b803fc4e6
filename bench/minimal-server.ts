/**
 * The floor Patron is measured against: a bare Fastify server whose routes run Patron's statements
 * (minimal-sql.ts for the lookups, captured-searches.ts for each search) with `pg` and send the rows
 * back as JSON. No authentication, validation, audit, decryption or logging: whatever Patron spends
 * beyond this is its own cost.
 */
import { createHash } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type pg from 'pg';
import { nameKey } from '../src/domain/identity.ts';
import type { CapturedSearches } from './captured-searches.ts';
import { AUDIT_ACCESS, BY_PHONE, GET_BY_ID, INSERT_CUSTOMER, SESSION_BY_TOKEN } from './minimal-sql.ts';

const LIMIT = 50;
const NO_CONSENT = JSON.stringify({
  sms: { granted: false, at: null, source: null },
  email: { granted: false, at: null, source: null },
});

interface CreateBody {
  firstName: string;
  lastName: string;
  preferredName: string | null;
  dateOfBirth: string;
  phone: string | null;
  email: string | null;
  address: unknown;
  tags: string[];
  notes: string | null;
  homeStoreId: string | null;
}

export function buildMinimalServer(pool: pg.Pool, orgId: string, searches: CapturedSearches): FastifyInstance {
  const app = Fastify({ logger: false });

  app.get<{ Params: { id: string } }>('/customers/:id', async (request, reply) => {
    const { rows } = await pool.query(GET_BY_ID, [orgId, request.params.id]);
    if (rows.length === 0) return reply.code(404).send({ status: 404 });
    return rows[0];
  });

  // Diagnostic only: the get plus Patron's other statements for it (token check, audit row), to
  // tell the cost of those round trips apart from the cost of Patron's own code.
  app.get<{ Params: { id: string } }>('/audited/customers/:id', async (request, reply) => {
    const token = (request.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    const session = await pool.query(SESSION_BY_TOKEN, [createHash('sha256').update(token).digest('hex'), 1]);
    if (session.rows.length === 0) return reply.code(401).send({ status: 401 });
    const { rows } = await pool.query(GET_BY_ID, [orgId, request.params.id]);
    if (rows.length === 0) return reply.code(404).send({ status: 404 });
    await pool.query(AUDIT_ACCESS, [orgId, `user:${session.rows[0].id}`, 'view', request.params.id, '', request.id]);
    return rows[0];
  });

  app.get<{ Querystring: { phone?: string } }>('/customers', async (request) => {
    const { phone } = request.query;
    if (phone !== undefined)
      return { items: (await pool.query(BY_PHONE, [orgId, phone, LIMIT + 1])).rows.slice(0, LIMIT) };
    const queryString = request.url.slice(request.url.indexOf('?') + 1);
    const statements = searches[queryString];
    if (!statements) throw new Error(`no statements captured for ${queryString}`);
    // On one connection, as Patron runs them (its tiered search is a transaction: SET LOCAL).
    const client = await pool.connect();
    const rows = [];
    try {
      for (const { text, params } of statements) {
        if (params.length === 0) {
          await client.query(text);
          continue;
        }
        // Named, as Patron names its tiered statement: planned once per connection.
        const name = `m_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
        const answer = await client.query({ name, text, values: params });
        if (/^\s*select/i.test(text)) rows.push(...answer.rows);
      }
    } finally {
      client.release();
    }
    // One more row than a page is fetched, as Patron does to know whether a next page exists.
    return { items: rows.slice(0, LIMIT) };
  });

  app.post<{ Body: CreateBody }>('/customers', async (request, reply) => {
    const c = request.body;
    const { rows } = await pool.query(INSERT_CUSTOMER, [
      orgId,
      c.firstName,
      c.lastName,
      c.preferredName,
      c.dateOfBirth,
      c.phone,
      c.email,
      'adult',
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      c.address === null ? null : JSON.stringify(c.address),
      NO_CONSENT,
      c.tags,
      c.notes,
      c.homeStoreId,
      nameKey(c.firstName, c.lastName, c.dateOfBirth),
    ]);
    return reply.code(201).send(rows[0]);
  });

  return app;
}
