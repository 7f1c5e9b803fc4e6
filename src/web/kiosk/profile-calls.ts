/**
 * The customer's own record through their token (API.md "/me"): read it, patch it (a JSON merge
 * patch with If-Match), and the requests held for a second factor — a new phone or email and a
 * renewed medical card (staff confirm), the copy of their data and the erasure (the one-time code
 * mailed to the email on file, or staff). What comes back is read into the few fields the kiosk
 * shows; an export itself is never asked for or kept here (it goes to the email on file).
 */
import { type ApiResult, callApi } from '../api/api-client.ts';

export type Channel = 'sms' | 'email';

export interface ConsentState {
  granted: boolean;
  at: string | null;
  source: string | null;
}

/** GET /me with a customer token (CustomerSelfView): what the profile screen shows. */
export interface SelfView {
  id: string;
  version: number;
  firstName: string | null;
  lastName: string | null;
  preferredName: string | null;
  dateOfBirth: string | null;
  phone: string | null;
  email: string | null;
  consents: Record<Channel, ConsentState>;
  loyalty: { points: number; source: string | null };
  /** The card's state and expiry, never its number; null unless medical (absent on an older server). */
  medical?: { state: string; expiresOn: string } | null;
}

/** 202 from PATCH /me (phone, email, medical card), POST /me/export and DELETE /me. */
export interface OpenedRequest {
  requestId: string;
  kind: 'export' | 'erasure' | 'identity_change' | 'medical_card_renewal';
  status: 'awaiting_verification';
  /** Where the code went, masked (`k•••@example.com`); null when only staff can confirm. */
  codeSentTo: string | null;
  confirmWith: ('code' | 'staff')[];
  expiresAt: string;
}

/** 200 from POST /me/requests/{id}/verify, kept to what the kiosk may show: never the export. */
export interface CarriedOut {
  kind: OpenedRequest['kind'];
  /** An export: the masked address it was mailed to. */
  sentTo: string | null;
}

export type Versioned = { self: SelfView; etag: string | null };

export type PatchOutcome = { applied: Versioned } | { held: OpenedRequest };

export async function loadSelf(token: string): Promise<ApiResult<Versioned>> {
  const answer = await callApi<SelfView>('/me', { token });
  return answer.ok ? { ...answer, body: { self: answer.body, etag: answer.etag } } : answer;
}

export async function patchSelf(
  token: string,
  patch: Record<string, unknown>,
  etag: string | null,
): Promise<ApiResult<PatchOutcome>> {
  const answer = await callApi<SelfView | OpenedRequest>('/me', {
    method: 'PATCH',
    token,
    body: patch,
    ifMatch: etag,
    mergePatch: true,
  });
  if (!answer.ok) return answer;
  const body: PatchOutcome =
    answer.status === 202
      ? { held: answer.body as OpenedRequest }
      : { applied: { self: answer.body as SelfView, etag: answer.etag } };
  return { ...answer, body };
}

export function askForExport(token: string): Promise<ApiResult<OpenedRequest>> {
  return callApi<OpenedRequest>('/me/export', { method: 'POST', token });
}

export function askForErasure(token: string): Promise<ApiResult<OpenedRequest>> {
  return callApi<OpenedRequest>('/me', { method: 'DELETE', token });
}

export async function giveCode(token: string, requestId: string, code: string): Promise<ApiResult<CarriedOut>> {
  const answer = await callApi<{ kind: CarriedOut['kind']; sentTo?: string }>(
    `/me/requests/${encodeURIComponent(requestId)}/verify`,
    { method: 'POST', token, body: { code } },
  );
  // Only what the screen says is kept; whatever else the answer held goes out of scope here.
  return answer.ok ? { ...answer, body: { kind: answer.body.kind, sentTo: answer.body.sentTo ?? null } } : answer;
}

/** Whether the customer can confirm with the mailed code (else only staff at the counter can). */
export function codeConfirms(request: OpenedRequest): boolean {
  return request.confirmWith.includes('code') && request.codeSentTo !== null;
}
