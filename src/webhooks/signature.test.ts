/**
 * The webhook signatures: the body-only one against a published HMAC-SHA256 test vector (RFC 4231,
 * test case 2), the timestamped one against HMAC-SHA256 of "<t>.<body>" computed here with
 * node:crypto, and what the timestamped check refuses: other bytes or keys, a missing or bare digest,
 * and a timestamp outside the tolerance either way.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SIGNATURE_TOLERANCE_SECONDS, signBody, signTimestamped, verifyTimestamped } from './signature.ts';

// RFC 4231 section 4.3: key "Jefe", data "what do ya want for nothing?".
const KEY = 'Jefe';
const DATA = 'what do ya want for nothing?';
const DIGEST = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';

const NOW = 1_767_225_600; // 2026-01-01T00:00:00Z
const BODY = Buffer.from('{"event":"customer.updated","id":"42"}');
const v1 = (key: string, t: number, body: Buffer) =>
  createHmac('sha256', key)
    .update(Buffer.concat([Buffer.from(`${t}.`), body]))
    .digest('hex');

describe('body signature (outbound X-Patron-Signature)', () => {
  it('signs a body as sha256=<hex> of the RFC 4231 HMAC-SHA256 vector', () => {
    expect(signBody(KEY, DATA)).toBe(`sha256=${DIGEST}`);
    expect(signBody(KEY, Buffer.from(DATA, 'utf8'))).toBe(`sha256=${DIGEST}`);
  });
});

describe('timestamped signature (Patron-Signature)', () => {
  it('signs t=<seconds>,v1=<hex HMAC of "<t>.<body>">, one v1 per secret', () => {
    expect(signTimestamped(KEY, NOW, BODY)).toBe(`t=${NOW},v1=${v1(KEY, NOW, BODY)}`);
    expect(signTimestamped(['old-key', 'new-key'], NOW, BODY.toString())).toBe(
      `t=${NOW},v1=${v1('old-key', NOW, BODY)},v1=${v1('new-key', NOW, BODY)}`,
    );
  });

  it('accepts a signature of the body and timestamp, in either case of hex, with any v1 matching', () => {
    const digest = v1(KEY, NOW, BODY);
    expect(verifyTimestamped(KEY, BODY, `t=${NOW},v1=${digest}`, NOW)).toEqual({
      ok: true,
      timestamp: NOW,
      replayKey: digest,
    });
    expect(verifyTimestamped(KEY, BODY, `t=${NOW},v1=${digest.toUpperCase()}`, NOW).ok).toBe(true);
    // Secret rotation: the sender signs with the old and the new key; other schemes are ignored.
    const rotated = `t=${NOW}, v1=${v1('old-key', NOW, BODY)}, v1=${digest}, v0=abc`;
    expect(verifyTimestamped(KEY, BODY, rotated, NOW)).toMatchObject({ ok: true, replayKey: digest });
  });

  it('gives every copy of a signed call the same replay key, whatever else the header holds', () => {
    const digest = v1(KEY, NOW, BODY);
    const plain = verifyTimestamped(KEY, BODY, `t=${NOW},v1=${digest}`, NOW);
    const padded = verifyTimestamped(KEY, BODY, `t=${NOW},v1=${'0'.repeat(64)},v1=${digest.toUpperCase()}`, NOW + 1);
    expect(plain.ok && padded.ok && plain.replayKey === padded.replayKey).toBe(true);
  });

  it('refuses other bytes, another key or another timestamp than the one signed', () => {
    const header = `t=${NOW},v1=${v1(KEY, NOW, BODY)}`;
    expect(verifyTimestamped(KEY, Buffer.from(`${BODY} `), header, NOW)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyTimestamped('jefe', BODY, header, NOW)).toEqual({ ok: false, reason: 'mismatch' });
    const retimed = `t=${NOW + 1},v1=${v1(KEY, NOW, BODY)}`;
    expect(verifyTimestamped(KEY, BODY, retimed, NOW)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses a bare digest, the sha256= form, a missing t or v1, two t and a truncated digest', () => {
    const digest = v1(KEY, NOW, BODY);
    const bodyOnly = createHmac('sha256', KEY).update(BODY).digest('hex');
    for (const header of [
      digest,
      `sha256=${bodyOnly}`,
      `v1=${digest}`,
      `t=${NOW}`,
      `t=${NOW},t=${NOW},v1=${digest}`,
      `t=${NOW},v1=${digest.slice(0, 62)}`,
      `t=-${NOW},v1=${digest}`,
      `t=${NOW}.5,v1=${digest}`,
    ]) {
      expect(verifyTimestamped(KEY, BODY, header, NOW), header).toEqual({ ok: false, reason: 'malformed' });
    }
    expect(verifyTimestamped(KEY, BODY, undefined, NOW)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyTimestamped(KEY, BODY, ' ', NOW)).toEqual({ ok: false, reason: 'missing' });
  });

  it('refuses a timestamp more than the tolerance in the past or the future, and accepts one at its edge', () => {
    const signedAt = (t: number) => `t=${t},v1=${v1(KEY, t, BODY)}`;
    const tolerance = SIGNATURE_TOLERANCE_SECONDS;
    expect(tolerance).toBe(300);
    expect(verifyTimestamped(KEY, BODY, signedAt(NOW - tolerance), NOW).ok).toBe(true);
    expect(verifyTimestamped(KEY, BODY, signedAt(NOW + tolerance), NOW).ok).toBe(true);
    for (const t of [NOW - tolerance - 1, NOW + tolerance + 1, 0]) {
      expect(verifyTimestamped(KEY, BODY, signedAt(t), NOW)).toEqual({ ok: false, reason: 'outside-tolerance' });
    }
  });
});
