/**
 * The floor Patron is measured against: a bare Fastify server whose routes run Patron's statements
 * (minimal-sql.ts) with `pg` and send the rows back as JSON. No authentication, validation, audit,
 * decryption or logging: whatever Patron spends beyond this is its own cost.
 */
import { createHash } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type pg from 'pg';
import { nameKey } from '../src/domain/identity.ts';
import {
  AUDIT_ACCESS,
  BY_PHONE,
  FUZZY_NAME,
  FUZZY_WORD,
  GET_BY_ID,
  INSERT_CUSTOMER,
  SESSION_BY_TOKEN,
} from './minimal-sql.ts';

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

export function buildMinimalServer(pool: pg.Pool, orgId: string): FastifyInstance {
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

  app.get<{ Querystring: { phone?: string; q?: string } }>('/customers', async (request) => {
    const { phone, q } = request.query;
    if (phone !== undefined)
      return { items: (await pool.query(BY_PHONE, [orgId, phone, LIMIT + 1])).rows.slice(0, LIMIT) };
    const text = (q ?? '').trim();
    const { rows } = /\s/.test(text)
      ? await pool.query(FUZZY_NAME, [text, orgId, LIMIT + 1])
      : await pool.query(FUZZY_WORD, [
          text,
          `${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
          orgId,
          LIMIT + 1,
        ]);
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
