/**
 * Passes over the OpenAPI document once it is generated, so every schema zod emits is fit for a
 * client generator whatever route or schema it comes from:
 * - a branch that accepts anything (`{}`, what zod writes for the output of a transform) makes its
 *   whole `anyOf` accept anything, so the `anyOf` is dropped rather than left as `[{...}, {}]`;
 * - schemas no operation refers to (the registry holds an input and an output variant of every
 *   named schema) are left out;
 * - an answer without its own description is described by its status ("Created", not "Default Response").
 */
import { STATUS_CODES } from 'node:http';

type JsonObject = { [key: string]: unknown };

/** Keywords that describe a schema without restricting the values it accepts. */
const ANNOTATIONS = new Set([
  'title',
  'description',
  'default',
  'examples',
  'example',
  'deprecated',
  'readOnly',
  'writeOnly',
  '$comment',
]);

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function acceptsAnything(schema: unknown): boolean {
  return schema === true || (isObject(schema) && Object.keys(schema).every((key) => ANNOTATIONS.has(key)));
}

/** Drops every `anyOf` one of whose branches accepts anything (the union then accepts anything too). */
export function collapseUnconstrainedAnyOf(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) collapseUnconstrainedAnyOf(item);
    return;
  }
  if (!isObject(node)) return;
  const anyOf = node.anyOf;
  if (Array.isArray(anyOf) && anyOf.some(acceptsAnything)) delete node.anyOf;
  for (const value of Object.values(node)) collapseUnconstrainedAnyOf(value);
}

const SCHEMA_REF = '#/components/schemas/';

function collectSchemaRefs(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectSchemaRefs(item, into);
    return;
  }
  if (!isObject(node)) return;
  const ref = node.$ref;
  if (typeof ref === 'string' && ref.startsWith(SCHEMA_REF)) into.add(decodeURIComponent(ref.slice(SCHEMA_REF.length)));
  for (const value of Object.values(node)) collectSchemaRefs(value, into);
}

/** Keeps the component schemas the paths refer to, directly or through other schemas. */
export function pruneUnusedSchemas(document: object): void {
  const components = (document as JsonObject).components;
  if (!isObject(components) || !isObject(components.schemas)) return;
  const schemas = components.schemas;
  const used = new Set<string>();
  collectSchemaRefs((document as JsonObject).paths, used);
  const pending = [...used];
  while (pending.length > 0) {
    const name = pending.pop()!;
    const found = new Set<string>();
    collectSchemaRefs(schemas[name], found);
    for (const next of found) {
      if (!used.has(next)) {
        used.add(next);
        pending.push(next);
      }
    }
  }
  for (const name of Object.keys(schemas)) if (!used.has(name)) delete schemas[name];
}

const GENERATED_DESCRIPTION = 'Default Response';

export function describeAnswersByStatus(document: object): void {
  const paths = (document as JsonObject).paths;
  for (const pathItem of Object.values(isObject(paths) ? paths : {})) {
    if (!isObject(pathItem)) continue;
    for (const operation of Object.values(pathItem)) {
      if (!isObject(operation) || !isObject(operation.responses)) continue;
      for (const [status, answer] of Object.entries(operation.responses)) {
        if (isObject(answer) && answer.description === GENERATED_DESCRIPTION) {
          answer.description = STATUS_CODES[Number(status)] ?? GENERATED_DESCRIPTION;
        }
      }
    }
  }
}

export function finishDocument<T extends object>(document: T): T {
  collapseUnconstrainedAnyOf(document);
  pruneUnusedSchemas(document);
  describeAnswersByStatus(document);
  return document;
}
