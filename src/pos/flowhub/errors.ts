/**
 * Flowhub error answers read into `PosError`s. The bodies are undocumented [2.6]: the public client
 * reads only `errors[]` from 422s, and maps 401/403 to auth, 404 to not found, 422 to validation.
 * A date filter not in `yyyy-mm-dd` answers 404 with `"…must be in format yyyy-mm-dd"` [2.5]: that
 * is a refused request, not a missing record.
 */
import type { FieldError } from '../../domain/errors.ts';
import { type PosError, PosRejected } from '../port.ts';
import type { TransportRequest, TransportResponse } from '../transport.ts';
import { FLOWHUB_CLIENT_CHOICES as CHOICES } from './choices.ts';
import { neutralFieldPath } from './mapping.ts';

/** The vendor's message, from `message` or `error` (choices.errorMessageKeys), when the body has one. */
function messageOf(body: unknown): string | null {
  if (typeof body === 'string') return body;
  if (!body || typeof body !== 'object') return null;
  const record = body as Record<string, unknown>;
  const message = CHOICES.errorMessageKeys.map((key) => record[key]).find((value) => typeof value === 'string');
  return typeof message === 'string' ? message : null;
}

/** A 404 complaining about a date format [2.5]. */
export function isDateFormatComplaint(response: TransportResponse): boolean {
  return response.status === 404 && /format\s+yyyy-mm-dd/i.test(messageOf(response.body) ?? '');
}

/** Vendor reading of an error answer, before the transport's generic status mapping. */
export function readFlowhubError(response: TransportResponse, request: TransportRequest): PosError | undefined {
  const what = `${request.method} ${request.route} answered ${response.status}`;
  if (isDateFormatComplaint(response)) {
    return new PosRejected('flowhub', `${what}: a date is not yyyy-mm-dd`, [{ path: '', message: 'date format' }]);
  }
  if (response.status === 400 || response.status === 409 || response.status === 422) {
    return new PosRejected('flowhub', what, fieldErrorsFromBody(response.body), {
      alreadyExists: response.status === 409,
    });
  }
  return undefined;
}

/**
 * A 422's `errors[]` [2.6] as neutral field errors. Entries may be strings that start with the field
 * name or objects naming it (choices.errorFieldKeys). A message is kept only when it is plain words,
 * so a value the vendor quotes back (a phone, an email) never lands in an error.
 */
export function fieldErrorsFromBody(body: unknown): FieldError[] {
  const entries = (body as { errors?: unknown } | null)?.errors;
  const list = Array.isArray(entries) ? entries : entries && typeof entries === 'object' ? objectErrors(entries) : [];
  const errors = list.map(fieldError).filter((error): error is FieldError => error !== null);
  return errors.length ? errors : [{ path: '', message: 'rejected by Flowhub' }];
}

/** `{field: ["message"]}` or `{field: "message"}`, the other common shape of `errors`. */
function objectErrors(errors: object): unknown[] {
  return Object.entries(errors).flatMap(([field, messages]) =>
    (Array.isArray(messages) ? messages : [messages]).map((message) => ({ field, message })),
  );
}

function fieldError(entry: unknown): FieldError | null {
  if (typeof entry === 'string') {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\b\s*:?\s*(.*)$/.exec(entry);
    const path = match?.[1] ? neutralFieldPath(match[1]) : 'other';
    return { path: path === 'other' ? '' : path, message: plainWords(path === 'other' ? entry : (match?.[2] ?? '')) };
  }
  if (!entry || typeof entry !== 'object') return null;
  const record = entry as Record<string, unknown>;
  const rawField = CHOICES.errorFieldKeys.map((key) => record[key]).find((value) => value !== undefined);
  const field = Array.isArray(rawField) ? rawField.at(-1) : rawField;
  const message = CHOICES.errorMessageKeys.map((key) => record[key]).find((value) => typeof value === 'string');
  const path = typeof field === 'string' ? neutralFieldPath(field) : 'other';
  return { path: path === 'other' ? '' : path, message: plainWords(typeof message === 'string' ? message : '') };
}

function plainWords(message: string): string {
  const trimmed = message.trim();
  return /^[A-Za-z][A-Za-z ,.'()/-]*$/.test(trimmed) && trimmed.length <= 200 ? trimmed : 'rejected by Flowhub';
}
