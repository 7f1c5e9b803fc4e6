/**
 * The kiosk's API calls (API.md "Kiosk"). What every screen does alike with a failure (a lost
 * network, a 429) is the context's `failed` (kiosk-context.ts); the rest is the screen's.
 */
import { type ApiFailure, type ApiResult, callApi } from '../api/api-client.ts';
import type { Identified } from './flow.ts';

interface IdentifyAnswer {
  customerToken: string;
  expiresAt: string;
  customer: { id: string; firstName: string; lastInitial: string };
}

interface OrderAnswer {
  orderRef: string;
  customerId: string;
  posCustomerId: string | null;
}

export type IdentifyOutcome = { found: Identified } | { notFound: true } | { failure: ApiFailure };

export async function identify(kioskKey: string, phone: string, dateOfBirth: string): Promise<IdentifyOutcome> {
  const answer = await callApi<IdentifyAnswer>('/kiosk/identify', {
    method: 'POST',
    token: kioskKey,
    body: { phone, dateOfBirth },
  });
  if (answer.ok) {
    const { customerToken, customer } = answer.body;
    return {
      found: {
        token: customerToken,
        customerId: customer.id,
        firstName: customer.firstName,
        lastInitial: customer.lastInitial,
      },
    };
  }
  if (answer.failure.kind === 'problem' && answer.failure.status === 404) return { notFound: true };
  return { failure: answer.failure };
}

/**
 * A reference for this check-in's order. A kiosk that is the front of an ordering system would pass
 * that system's reference; this one starts the order itself, so it makes a unique one (API.md: unique
 * per store, idempotent on retry — the same reference is sent again when a retry is needed).
 */
export function newOrderRef(): string {
  return `KIOSK-${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
}

export function attachToOrder(kioskKey: string, orderRef: string, customerId: string): Promise<ApiResult<OrderAnswer>> {
  return callApi<OrderAnswer>('/kiosk/orders', { method: 'POST', token: kioskKey, body: { orderRef, customerId } });
}

interface SignupAnswer {
  customerToken: string;
  expiresAt: string;
  customer: { id: string; firstName: string; lastName: string };
}

export type SignupOutcome =
  | { signedUp: Identified }
  /** 409: someone with this phone or email and birthday (or ID number) is already signed up. */
  | { alreadySignedUp: true }
  | { failure: ApiFailure };

/** POST /kiosk/signup (API.md "Kiosk"): the new customer, with a token acting as them. */
export async function signUp(kioskKey: string, body: unknown): Promise<SignupOutcome> {
  const answer = await callApi<SignupAnswer>('/kiosk/signup', { method: 'POST', token: kioskKey, body });
  if (answer.ok) {
    const { customerToken, customer } = answer.body;
    return {
      signedUp: {
        token: customerToken,
        customerId: customer.id,
        firstName: customer.firstName,
        lastInitial: customer.lastName.charAt(0).toUpperCase(),
      },
    };
  }
  if (answer.failure.kind === 'problem' && answer.failure.status === 409) return { alreadySignedUp: true };
  return { failure: answer.failure };
}
