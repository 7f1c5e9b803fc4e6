/**
 * The web app's only way to the server: the public HTTP API under /api/v1. An answer is a value,
 * never a thrown error: the screens decide what a 404, a 422 or a lost network means to the person in
 * front of them. Problem answers (RFC 9457) are read into `ApiProblem`, with the per-field messages.
 */

export interface FieldMessage {
  /** The field's path as the API names it: `dateOfBirth`, `medical.expiresOn`, `consents.sms.wording`. */
  path: string;
  message: string;
}

export interface ApiProblem {
  kind: 'problem';
  status: number;
  title: string;
  detail: string;
  errors: FieldMessage[];
  /** `Retry-After` of a 429, in seconds, when the server sent one. */
  retryAfterSeconds?: number | null;
  /** A 409 duplicate's existing customer (staff answers only; a kiosk is never told). */
  duplicateOf?: string | null;
}

/** The request never reached the server or its answer never came back. */
export interface NetworkFailure {
  kind: 'network';
}

export type ApiFailure = ApiProblem | NetworkFailure;

export type ApiResult<T> =
  | { ok: true; status: number; body: T; etag: string | null }
  | { ok: false; failure: ApiFailure };

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Bearer token: a kiosk key, a customer token or a staff session. */
  token?: string | null;
  body?: unknown;
  /** For PATCH: the version the edit was made on (answers 412 when someone changed it since). */
  ifMatch?: string | null;
  /** PATCH bodies are JSON merge patches (RFC 7396). */
  mergePatch?: boolean;
}

const BASE = '/api/v1';

export async function callApi<T>(path: string, request: ApiRequest = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  if (request.body !== undefined) {
    headers['content-type'] = request.mergePatch ? 'application/merge-patch+json' : 'application/json';
  }
  if (request.ifMatch) headers['if-match'] = request.ifMatch;
  let response: Response;
  try {
    response = await fetch(`${BASE}${path}`, {
      method: request.method ?? 'GET',
      headers,
      body: request.body === undefined ? null : JSON.stringify(request.body),
      // Nothing of a customer may linger in the browser's cache or be sent elsewhere.
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    });
  } catch {
    return { ok: false, failure: { kind: 'network' } };
  }
  const text = await response.text().catch(() => null);
  if (text === null) return { ok: false, failure: { kind: 'network' } };
  const parsed: unknown = text === '' ? null : safeJson(text);
  if (response.ok) return { ok: true, status: response.status, body: parsed as T, etag: response.headers.get('etag') };
  return { ok: false, failure: problemOf(response.status, parsed, response.headers.get('retry-after')) };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function problemOf(status: number, body: unknown, retryAfter: string | null): ApiProblem {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const errors = Array.isArray(fields.errors)
    ? fields.errors.flatMap((error: unknown) => {
        const e = error as Record<string, unknown>;
        return typeof e?.path === 'string' && typeof e?.message === 'string'
          ? [{ path: e.path, message: e.message }]
          : [];
      })
    : [];
  return {
    kind: 'problem',
    status,
    title: typeof fields.title === 'string' ? fields.title : `Error ${status}`,
    detail: typeof fields.detail === 'string' ? fields.detail : '',
    errors,
    retryAfterSeconds: retryAfterSecondsOf(retryAfter),
    duplicateOf: typeof fields.duplicateOf === 'string' ? fields.duplicateOf : null,
  };
}

/** Retry-After is delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
function retryAfterSecondsOf(header: string | null): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** The message for one field (or any field under it: `medical` finds `medical.expiresOn`'s too). */
export function messageFor(failure: ApiFailure | null | undefined, path: string): string | undefined {
  if (failure?.kind !== 'problem') return undefined;
  const exact = failure.errors.find((error) => error.path === path);
  if (exact) return exact.message;
  return failure.errors.find((error) => error.path.startsWith(`${path}.`))?.message;
}
