/**
 * The OpenAPI document, generated from the routes' zod schemas: `/openapi.json`, Swagger UI at `/docs`.
 * Around fastify-type-provider-zod's conversion: the response headers a route declares
 * (response-headers.ts) are carried into the document, request header names are written as HTTP
 * spells them (`If-Match`; Fastify needs them lower-cased to validate), and the finished document
 * goes through openapi-finish.ts. The problem answers every route shares come from standard-answers.ts.
 */
import swagger, { type SwaggerTransform } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { finishDocument } from './openapi-finish.ts';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The zod conversion keeps only `description` and `content` of an answer: put its `headers` back. */
function carryResponseHeaders(source: FastifySchema, converted: FastifySchema): void {
  const from = source.response;
  const to = converted.response;
  if (!isObject(from) || !isObject(to)) return;
  for (const [status, answer] of Object.entries(from)) {
    const target = to[status];
    if (isObject(answer) && isObject(answer.headers) && isObject(target)) target.headers = answer.headers;
  }
}

/** `if-match` -> `If-Match`. */
function httpHeaderName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_match, dash: string, letter: string) => dash + letter.toUpperCase());
}

function spellRequestHeaders(converted: FastifySchema): void {
  const headers = converted.headers;
  if (!isObject(headers) || !isObject(headers.properties)) return;
  headers.properties = Object.fromEntries(
    Object.entries(headers.properties).map(([name, schema]) => [httpHeaderName(name), schema]),
  );
  if (Array.isArray(headers.required)) headers.required = headers.required.map((name) => httpHeaderName(String(name)));
}

const transform: SwaggerTransform = (input) => {
  const result = jsonSchemaTransform(input);
  if (input.schema && result.schema) {
    carryResponseHeaders(input.schema, result.schema);
    spellRequestHeaders(result.schema);
  }
  return result;
};

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Patron API',
        version: '1.0.0',
        description:
          "One customer record for cannabis dispensaries, kept in sync with each store's POS. Contract: API.md.",
        // package.json says UNLICENSED: no licence is granted; SPDX spells that as a LicenseRef.
        license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
      },
      // Relative: the document describes the server that serves it, wherever that runs.
      servers: [{ url: '/', description: 'This Patron server' }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Session token, customer token or API key (pk_…)' },
        },
      },
      security: [{ bearer: [] }],
    },
    transform,
    transformObject: (input) => finishDocument(jsonSchemaTransformObject(input)),
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
