/** The passes over the generated OpenAPI document (openapi-finish.ts), on small hand-written documents. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { collapseUnconstrainedAnyOf, describeAnswersByStatus, pruneUnusedSchemas } from './openapi-finish.ts';

describe('collapseUnconstrainedAnyOf', () => {
  it("drops the anyOf zod writes for a nullable transform's output, keeping default and description", () => {
    const schema = z.toJSONSchema(
      z.object({
        notes: z
          .string()
          .transform((s) => s.trim())
          .nullable()
          .default(null)
          .describe('Staff notes'),
      }),
      { io: 'output', unrepresentable: 'any' },
    ) as Record<string, unknown>;
    collapseUnconstrainedAnyOf(schema);
    expect((schema.properties as Record<string, unknown>).notes).toEqual({ default: null, description: 'Staff notes' });
  });

  it('keeps an anyOf whose branches all restrict the value', () => {
    const node = { anyOf: [{ type: 'string' }, { $ref: '#/components/schemas/Address' }, { type: 'null' }] };
    collapseUnconstrainedAnyOf(node);
    expect(node).toEqual({ anyOf: [{ type: 'string' }, { $ref: '#/components/schemas/Address' }, { type: 'null' }] });
  });

  it('treats a branch with only a description as accepting anything', () => {
    const node = { properties: { a: { anyOf: [{ description: 'anything' }, { type: 'integer' }] } } };
    collapseUnconstrainedAnyOf(node);
    expect(node).toEqual({ properties: { a: {} } });
  });
});

describe('pruneUnusedSchemas', () => {
  it('keeps the schemas the paths use, directly or through another schema, and drops the rest', () => {
    const doc = {
      paths: {
        '/a': {
          get: {
            responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/A' } } } } },
          },
        },
      },
      components: {
        schemas: {
          A: { type: 'object', properties: { b: { $ref: '#/components/schemas/B' } } },
          B: { type: 'string' },
          AInput: { type: 'object' },
        },
      },
    };
    pruneUnusedSchemas(doc);
    expect(Object.keys(doc.components.schemas).sort()).toEqual(['A', 'B']);
  });
});

describe('describeAnswersByStatus', () => {
  it('replaces the generic description by the status text and leaves written ones', () => {
    const doc = {
      paths: {
        '/a': {
          post: { responses: { 201: { description: 'Default Response' }, 409: { description: 'A duplicate' } } },
        },
      },
    };
    describeAnswersByStatus(doc);
    expect(doc.paths['/a'].post.responses).toEqual({
      201: { description: 'Created' },
      409: { description: 'A duplicate' },
    });
  });
});
