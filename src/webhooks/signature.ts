/**
 * The webhook signatures Patron speaks. Both are HMAC-SHA256 over the bytes as sent, never over
 * re-serialized JSON, and compared in constant time so a caller cannot guess a signature byte by byte.
 *
 * - `Patron-Signature: t=<unix seconds>,v1=<hex HMAC(secret, "<t>.<raw body>")>` (Stripe's scheme):
 *   the timestamp is signed with the body, so a captured call is refused once it is older than the
 *   tolerance, and a receiver that remembers the signatures it saw inside that window refuses every
 *   replay. Several `v1=` may be sent (one per secret while a secret is being rotated). Inbound POS
 *   webhooks must use it; outbound deliveries carry it too.
 * - `X-Patron-Signature: sha256=<hex HMAC(secret, raw body)>`: outbound only, kept as API.md states
 *   it for subscribers that check it. It carries no time, so it cannot stop a replay.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The timestamped signature (inbound and outbound). */
export const TIMESTAMPED_SIGNATURE_HEADER = 'patron-signature';
/** The body-only signature of outbound deliveries (API.md). */
export const BODY_SIGNATURE_HEADER = 'x-patron-signature';
/** A sender's id of one delivery: the same on every retry, never accepted twice. */
export const DELIVERY_ID_HEADER = 'x-patron-delivery';

/** How far a signed timestamp may be from the receiver's clock, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** `sha256=<hex>` of the body alone (outbound `X-Patron-Signature`). */
export function signBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

function timestampedDigest(secret: string, timestamp: number, body: string | Buffer): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
}

/** `t=<timestamp>,v1=<hex>` of the timestamp and the body, signed with each secret given. */
export function signTimestamped(secrets: string | readonly string[], timestamp: number, body: string | Buffer): string {
  const keys = typeof secrets === 'string' ? [secrets] : secrets;
  return [`t=${timestamp}`, ...keys.map((key) => `v1=${timestampedDigest(key, timestamp, body).toString('hex')}`)].join(
    ',',
  );
}

export type SignatureCheck =
  /** `replayKey`: the digest that matched, the same for every copy of this signed call. */
  | { ok: true; timestamp: number; replayKey: string }
  | { ok: false; reason: 'missing' | 'malformed' | 'mismatch' | 'outside-tolerance' };

/**
 * Checks `t=…,v1=…` against the body: one `t` of whole seconds, at least one `v1` of 64 hex digits,
 * and one of them the HMAC of `<t>.<body>`; then that `t` is within the tolerance of `nowSeconds`.
 * Elements of other schemes (`v0=`, a future `v2=`) are ignored, as Stripe's receivers do.
 */
export function verifyTimestamped(
  secret: string,
  body: Buffer,
  header: string | undefined,
  nowSeconds: number,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): SignatureCheck {
  if (header === undefined || header.trim() === '') return { ok: false, reason: 'missing' };
  const timestamps: string[] = [];
  const candidates: string[] = [];
  for (const element of header.split(',')) {
    const at = element.indexOf('=');
    if (at < 0) return { ok: false, reason: 'malformed' };
    const name = element.slice(0, at).trim();
    const value = element.slice(at + 1).trim();
    if (name === 't') timestamps.push(value);
    else if (name === 'v1') candidates.push(value);
  }
  const [t] = timestamps;
  if (timestamps.length !== 1 || t === undefined || !/^\d{1,12}$/.test(t)) return { ok: false, reason: 'malformed' };
  const wellFormed = candidates.filter((hex) => /^[0-9a-f]{64}$/i.test(hex));
  if (wellFormed.length === 0) return { ok: false, reason: 'malformed' };
  const timestamp = Number(t);
  const expected = timestampedDigest(secret, timestamp, body);
  // Every candidate is compared, so the time taken does not tell which one matched.
  let matched = false;
  for (const hex of wellFormed) matched = timingSafeEqual(expected, Buffer.from(hex, 'hex')) || matched;
  if (!matched) return { ok: false, reason: 'mismatch' };
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { ok: false, reason: 'outside-tolerance' };
  return { ok: true, timestamp, replayKey: expected.toString('hex') };
}
