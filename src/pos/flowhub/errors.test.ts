import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PosRejected } from '../port.ts';
import type { TransportRequest } from '../transport.ts';
import { fieldErrorsFromBody, isDateFormatComplaint, readFlowhubError } from './errors.ts';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
}
const request: TransportRequest = { method: 'POST', route: '/v1/customer', path: '/v1/customer', idempotent: false };
const answer = (status: number, body: unknown) => ({ status, headers: new Headers(), body });

describe('flowhub errors [2.5, 2.6]', () => {
  it('reads a 422 errors[] of objects and strings into neutral field errors, never quoting values back', () => {
    expect(fieldErrorsFromBody(fixture('error-validation.json'))).toEqual([
      { path: 'dateOfBirth', message: 'must be in format yyyy-mm-dd' },
      { path: 'firstName', message: 'is required' },
      { path: 'phone', message: 'rejected by Flowhub' },
    ]);
  });

  it('reads errors given as an object of field -> messages, and a body without errors as one whole-body error', () => {
    expect(fieldErrorsFromBody({ errors: { zip: ['is too long'] } })).toEqual([
      { path: 'address.postalCode', message: 'is too long' },
    ]);
    expect(fieldErrorsFromBody({ message: 'Bad Request' })).toEqual([{ path: '', message: 'rejected by Flowhub' }]);
  });

  it('turns a 404 about the date format into Rejected, and leaves other 404s to the transport', () => {
    const dateComplaint = answer(404, fixture('error-date-format.json'));
    expect(isDateFormatComplaint(dateComplaint)).toBe(true);
    expect(readFlowhubError(dateComplaint, request)).toBeInstanceOf(PosRejected);
    expect(readFlowhubError(answer(404, { status: 404, message: 'Customer not found' }), request)).toBeUndefined();
  });

  it('turns a 422 into Rejected with the route template in the message', () => {
    const error = readFlowhubError(answer(422, fixture('error-validation.json')), request);
    expect(error).toBeInstanceOf(PosRejected);
    expect(error?.message).toBe('flowhub: POST /v1/customer answered 422');
  });
});
