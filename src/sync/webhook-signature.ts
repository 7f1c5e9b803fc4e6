/**
 * The one webhook signature Patron speaks, both ways: `sha256=<hex HMAC-SHA256(secret, raw body)>`
 * in `X-Patron-Signature`. Computed over the bytes as sent, never over re-serialized JSON, and
 * compared in constant time so a caller cannot guess a signature byte by byte.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-patron-signature';

export function signBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Accepts `sha256=<hex>` and, liberally, the bare hex digest. */
export function verifySignature(secret: string, body: Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const hex = header.trim().replace(/^sha256=/i, '');
  if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(hex, 'hex'));
}

/** A new random secret (256 bits, URL-safe), for a caller that did not choose one. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
