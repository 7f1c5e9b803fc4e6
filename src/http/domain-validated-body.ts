/**
 * For routes whose body the domain validates itself (customer create and edit: field rules, rules
 * across fields, merge-patch semantics), the route's zod schema documents the body in OpenAPI but
 * the raw JSON reaches the service untouched, so defaults of the create schema cannot leak into a
 * patch. Params and query are still validated here.
 */
import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { absentBodyAsUndefined } from './empty-body.ts';

export const bodyCheckedByDomain: FastifySchemaCompiler<unknown> = absentBodyAsUndefined((route) =>
  route.httpPart === 'body'
    ? (data: unknown) => ({ value: data })
    : validatorCompiler(route as Parameters<typeof validatorCompiler>[0]),
);
