/**
 * The OpenAPI document (`GET /openapi.json`) as a client generator reads it: every operation named
 * and summarized, errors as problem+json, the headers API.md promises, merge-patch bodies, health
 * listed (metrics are served on their own listener, not here), and no schema that a generator would
 * turn into `any | X`. `npm run lint` also runs Redocly's recommended rules on it (scripts/lint-openapi.ts).
 */

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// biome-ignore lint/suspicious/noExplicitAny: the document is read as untyped JSON, the way a generator reads it
type Json = Record<string, any>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/**
 * A route added the way another feature would add one: no problem answers written by hand. Outside
 * /api so that it needs no entry in the ability gate's table (src/auth/route-abilities.ts).
 */
const widgetRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/test-only/widgets/:id',
    {
      schema: {
        summary: 'A widget, for this test',
        operationId: 'createTestWidget',
        params: z.object({ id: z.string() }),
        body: z.object({ name: z.string() }),
        response: { 200: z.object({ name: z.string() }) },
      },
    },
    async (request) => ({ name: request.body.name }),
  );
};

let t: TestApp;
let doc: Json;
let operations: { method: string; path: string; op: Json }[];

beforeAll(async () => {
  t = await createTestApp({ configure: (app) => void app.register(widgetRoutes) });
  const res = await t.request('GET', '/openapi.json');
  expect(res.statusCode).toBe(200);
  doc = res.json();
  operations = Object.entries(doc.paths as Json).flatMap(([path, item]) =>
    Object.entries(item as Json)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ method: method.toUpperCase(), path, op: op as Json })),
  );
});
afterAll(() => t.close());

function operation(method: string, path: string): Json {
  const found = operations.find((o) => o.method === method && o.path === path);
  if (!found) throw new Error(`${method} ${path} is not in the document`);
  return found.op;
}

function headerNames(answer: Json): string[] {
  return Object.keys(answer.headers ?? {}).map((name) => name.toLowerCase());
}

/** A schema with no keyword that restricts its values: `{}`, or only a description or default. */
function isUnconstrained(schema: unknown): boolean {
  if (schema === true) return true;
  if (typeof schema !== 'object' || schema === null) return false;
  const restricting = ['type', '$ref', 'enum', 'const', 'anyOf', 'oneOf', 'allOf', 'not', 'properties', 'items'];
  return !Object.keys(schema).some((key) => restricting.includes(key));
}

function findUnconstrainedAnyOfBranches(node: unknown, at: string, found: string[]): string[] {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) findUnconstrainedAnyOfBranches(item, `${at}/${i}`, found);
  } else if (typeof node === 'object' && node !== null) {
    const anyOf = (node as Json).anyOf;
    if (Array.isArray(anyOf) && anyOf.some(isUnconstrained)) found.push(at);
    for (const [key, value] of Object.entries(node)) findUnconstrainedAnyOfBranches(value, `${at}/${key}`, found);
  }
  return found;
}

describe('the OpenAPI document', () => {
  it('gives every operation a summary and a unique camelCase operationId', () => {
    expect(operations.length).toBeGreaterThan(50);
    const unnamed = operations
      .filter(
        ({ op }) => typeof op.summary !== 'string' || op.summary.trim() === '' || typeof op.operationId !== 'string',
      )
      .map(({ method, path }) => `${method} ${path}`);
    expect(unnamed).toEqual([]);
    const ids = operations.map(({ op }) => op.operationId as string);
    expect(ids.filter((id) => !/^[a-z][a-zA-Z0-9]*$/.test(id))).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it("uses API.md's names for the customer operations", () => {
    expect(operation('POST', '/api/v1/customers').operationId).toBe('createCustomer');
    expect(operation('GET', '/api/v1/customers').operationId).toBe('searchCustomers');
    expect(operation('GET', '/api/v1/customers/{id}').operationId).toBe('getCustomer');
    expect(operation('PATCH', '/api/v1/customers/{id}').operationId).toBe('updateCustomer');
    expect(operation('DELETE', '/api/v1/customers/{id}').operationId).toBe('eraseCustomer');
    expect(operation('POST', '/api/v1/customers/{id}/merge').operationId).toBe('mergeCustomers');
  });

  it('declares every 4xx and 5xx answer as application/problem+json with the Problem schema', () => {
    const wrong: string[] = [];
    for (const { method, path, op } of operations) {
      const statuses = Object.keys(op.responses ?? {});
      if (!statuses.some((s) => s.startsWith('4'))) wrong.push(`${method} ${path}: no 4xx`);
      for (const status of statuses.filter((s) => /^[45]/.test(s))) {
        const content = op.responses[status].content ?? {};
        if (JSON.stringify(Object.keys(content)) !== '["application/problem+json"]') {
          wrong.push(`${method} ${path} ${status}: ${Object.keys(content).join(', ') || 'no content'}`);
        } else if (content['application/problem+json'].schema?.$ref !== '#/components/schemas/Problem') {
          wrong.push(`${method} ${path} ${status}: not the Problem schema`);
        }
      }
    }
    expect(wrong).toEqual([]);
    const problem = doc.components.schemas.Problem;
    expect(problem.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance']));
    expect(Object.keys(problem.properties)).toEqual(expect.arrayContaining(['errors', 'duplicateOf']));
  });

  it('gives a new route the standard problem answers without it declaring any', () => {
    const widget = operation('POST', '/test-only/widgets/{id}');
    expect(Object.keys(widget.responses).sort()).toEqual(
      ['200', '400', '401', '403', '404', '413', '415', '422', '500'].sort(),
    );
    expect(Object.keys(widget.responses['422'].content)).toEqual(['application/problem+json']);
  });

  it('declares 401 and 403 only where a token is needed, and no token for login, the POS webhook and health', () => {
    for (const [method, path] of [
      ['POST', '/api/v1/auth/login'],
      ['POST', '/api/v1/webhooks/{vendor}/{storeId}'],
      ['GET', '/healthz'],
      ['GET', '/readyz'],
    ] as const) {
      expect(operation(method, path).security, `${method} ${path}`).toEqual([]);
    }
    expect(Object.keys(operation('GET', '/healthz').responses)).not.toContain('403');
    expect(Object.keys(operation('GET', '/api/v1/stores').responses)).toEqual(expect.arrayContaining(['401', '403']));
    expect(doc.security).toEqual([{ bearer: [] }]);
  });

  it('declares ETag on a customer, If-Match and a merge-patch body on PATCH, and 412 when stale', () => {
    for (const [method, path] of [
      ['GET', '/api/v1/customers/{id}'],
      ['PATCH', '/api/v1/customers/{id}'],
      ['PATCH', '/api/v1/me'],
    ] as const) {
      expect(headerNames(operation(method, path).responses['200']), `${method} ${path}`).toContain('etag');
    }
    for (const path of ['/api/v1/customers/{id}', '/api/v1/me']) {
      const patch = operation('PATCH', path);
      const ifMatch = (patch.parameters as Json[]).find(
        (p) => p.in === 'header' && p.name.toLowerCase() === 'if-match',
      );
      expect(ifMatch, path).toBeDefined();
      expect(ifMatch?.required).toBe(false);
      expect(Object.keys(patch.requestBody.content).sort()).toEqual([
        'application/json',
        'application/merge-patch+json',
      ]);
      expect(Object.keys(patch.responses)).toContain('412');
    }
  });

  it('declares Location on the answers of creates', () => {
    for (const [path, status] of [
      ['/api/v1/customers', '201'],
      ['/api/v1/users', '202'],
      ['/api/v1/auth/invitations/accept', '201'],
      ['/api/v1/api-keys', '201'],
      ['/api/v1/stores', '201'],
      ['/api/v1/webhook-subscriptions', '201'],
      ['/api/v1/kiosk/signup', '201'],
      ['/api/v1/stores/{id}/sync', '202'],
    ] as const) {
      expect(headerNames(operation('POST', path).responses[status]), path).toContain('location');
    }
    expect(headerNames(operation('POST', '/api/v1/customers').responses['201'])).toContain('etag');
  });

  it('declares Retry-After on 429 answers', () => {
    expect(headerNames(operation('POST', '/api/v1/auth/login').responses['429'])).toContain('retry-after');
  });

  it('lists /healthz and /readyz, and not /metrics, which only the metrics listener serves', () => {
    expect(operation('GET', '/healthz').responses['200']).toBeDefined();
    expect(operation('GET', '/readyz').responses['503'].content).toHaveProperty(['application/problem+json']);
    expect(doc.paths['/metrics']).toBeUndefined();
  });

  it('has no anyOf with a branch that accepts anything', () => {
    expect(findUnconstrainedAnyOfBranches(doc, '#', [])).toEqual([]);
  });
});

describe('the answers the document describes', () => {
  it('sends a problem a route did not declare itself as problem+json with the Problem fields', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/test-only/widgets/w1',
      headers: { authorization: `Bearer ${t.tokens.staff}` },
      payload: { name: 7 },
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 422, title: 'Validation failed', errors: [{ path: 'name' }] });
  });
});
