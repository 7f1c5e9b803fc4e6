import { describe, expect, it } from 'vitest';
import type { ApiProblem } from '../../api/api-client.ts';
import { signInProblem, waitInWords } from './sign-in-outcome.ts';

const problem = (status: number, extra: Partial<ApiProblem> = {}): ApiProblem => ({
  kind: 'problem',
  status,
  title: `Error ${status}`,
  detail: '',
  errors: [],
  ...extra,
});

describe('signInProblem', () => {
  it('says the wait in minutes from Retry-After on a 429, rounding up', () => {
    expect(signInProblem(problem(429, { retryAfterSeconds: 290 })).message).toBe(
      'Too many attempts, try again in 5 minutes.',
    );
    expect(signInProblem(problem(429, { retryAfterSeconds: 60 })).message).toBe(
      'Too many attempts, try again in 1 minute.',
    );
  });

  it('says seconds under a minute, and "a few minutes" when the server gave no Retry-After', () => {
    expect(signInProblem(problem(429, { retryAfterSeconds: 12 })).message).toBe(
      'Too many attempts, try again in 12 seconds.',
    );
    expect(signInProblem(problem(429)).message).toBe('Too many attempts, try again in a few minutes.');
  });

  it('does not tell which of email or password was wrong on a 401', () => {
    expect(signInProblem(problem(401))).toEqual({ message: 'Wrong email or password.', field: null });
  });

  it('puts a 422 on the email field when the API named it, else on the password', () => {
    expect(signInProblem(problem(422, { errors: [{ path: 'email', message: 'Invalid email' }] })).field).toBe('email');
    expect(signInProblem(problem(422, { errors: [{ path: 'password', message: 'Required' }] })).field).toBe('password');
  });

  it('says the server cannot be reached when the request never came back', () => {
    expect(signInProblem({ kind: 'network' }).message).toMatch(/Can't reach Patron/);
  });

  it("passes any other problem's detail on as it is", () => {
    expect(signInProblem(problem(503, { detail: 'The database is starting.' })).message).toBe(
      'The database is starting.',
    );
  });
});

describe('waitInWords', () => {
  it('never says zero seconds', () => {
    expect(waitInWords(0)).toBe('1 second');
  });
});
