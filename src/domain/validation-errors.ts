/** Zod failures as the domain's `ValidationFailed`: one `{path, message}` per problem, dotted paths. */
import type { z } from 'zod';
import { type FieldError, ValidationFailed } from './errors.ts';
import { isJsonObject } from './merge-patch.ts';
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

/**
 * The problems a body has beyond the shape problems `error` already names, so one answer lists
 * them all (API.md "Conventions"): the fields at fault are set aside (a required one stands in
 * with a valid value from `standIns`), the rest is validated again with `validate`, and what that
 * finds about other fields is added. A problem the stand-ins could cause is not reported.
 */
export function problemsBeyond(
  body: unknown,
  error: z.ZodError,
  validate: (rest: Record<string, unknown>) => unknown,
  standIns: Readonly<Record<string, unknown>> = {},
): FieldError[] {
  if (!isJsonObject(body)) return [];
  const atFault = new Set<string>();
  for (const issue of error.issues) {
    const field = issue.code === 'unrecognized_keys' && issue.path.length === 0 ? undefined : issue.path[0];
    if (issue.code === 'unrecognized_keys' && issue.path.length === 0) {
      for (const key of issue.keys) atFault.add(key);
    } else if (typeof field === 'string') {
      atFault.add(field);
    } else {
      return []; // about the body as a whole: nothing else can be judged
    }
  }
  const rest: Record<string, unknown> = { ...body };
  for (const field of atFault) {
    if (field in standIns) rest[field] = standIns[field];
    else delete rest[field];
  }
  try {
    validate(rest);
    return [];
  } catch (more) {
    if (!(more instanceof ValidationFailed)) throw more;
    return more.errors.filter((e) => !atFault.has(e.path.split('.')[0] ?? ''));
  }
}
