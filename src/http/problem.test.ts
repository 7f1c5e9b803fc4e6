/**
 * Domain errors carry a kind and problem.ts alone gives it a status, a problem type and a title: each
 * error class answers exactly what it answered when the classes held their statuses themselves.
 */
import { describe, expect, it } from 'vitest';
import {
  type AppError,
  Conflict,
  Forbidden,
  MalformedRequest,
  NotFound,
  PreconditionFailed,
  RateLimited,
  TooLarge,
  Unauthenticated,
  Unavailable,
  UnsupportedMediaType,
  ValidationFailed,
} from '../domain/errors.ts';
import { PROBLEM_OF_KIND } from './problem.ts';

const answers: [AppError, number, string, string][] = [
  [new MalformedRequest('x'), 400, 'bad-request', 'Bad request'],
  [new Unauthenticated(), 401, 'unauthenticated', 'Authentication required'],
  [new Forbidden(), 403, 'forbidden', 'Not allowed'],
  [new NotFound(), 404, 'not-found', 'Not found'],
  [new Conflict('x'), 409, 'conflict', 'Conflict'],
  [new PreconditionFailed('x'), 412, 'precondition-failed', 'Precondition failed'],
  [new TooLarge('x'), 413, 'payload-too-large', 'Payload too large'],
  [new UnsupportedMediaType('x'), 415, 'unsupported-media-type', 'Unsupported media type'],
  [ValidationFailed.field('a', 'b'), 422, 'validation-failed', 'Validation failed'],
  [new RateLimited(1), 429, 'too-many-requests', 'Too many requests'],
  [new Unavailable('x'), 503, 'service-unavailable', 'Service unavailable'],
];

describe('the problem of each error kind', () => {
  it.each(answers)('%o answers %i %s "%s"', (error, status, slug, title) => {
    expect(PROBLEM_OF_KIND[error.kind]).toEqual({ status, slug, title });
  });

  it('gives every kind one status of its own', () => {
    const statuses = Object.values(PROBLEM_OF_KIND).map((p) => p.status);
    expect(new Set(statuses).size).toBe(statuses.length);
    expect(Object.keys(PROBLEM_OF_KIND)).toHaveLength(answers.length);
  });
});
