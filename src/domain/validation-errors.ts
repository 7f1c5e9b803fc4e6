/** Zod failures as the domain's `ValidationFailed`: one `{path, message}` per problem, dotted paths. */
import type { z } from 'zod';
import { type FieldError, ValidationFailed } from './errors.ts';
import { readableMessage } from './validation-messages.ts';

/** `['medical', 'expiresOn']` -> `medical.expiresOn`; `['tags', 3]` -> `tags.3`. */
export function dottedPath(path: readonly PropertyKey[]): string {
  return path.map((key) => String(key)).join('.');
}

export function fieldErrorsOf(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) =>
    // An unknown field is reported at that field, so a form can point at it.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: dottedPath([...issue.path, key]), message: 'is not a known field' }))
      : [{ path: dottedPath(issue.path), message: issue.message }],
  );
}

export function toValidationFailed(error: z.ZodError): ValidationFailed {
  return new ValidationFailed(fieldErrorsOf(error));
}

/**
 * Parses with the readable messages whether or not the process installed them globally, so the
 * domain answers the same words in the API, in jobs and in tests.
 */
export function parseOrFail<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, { error: readableMessage });
  if (!result.success) throw toValidationFailed(result.error);
  return result.data;
}
