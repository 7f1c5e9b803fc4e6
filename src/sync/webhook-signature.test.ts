/**
 * The webhook signature against a published HMAC-SHA256 test vector (RFC 4231, test case 2), so
 * both directions are checked against a value nobody in this repository computed.
 */
import { describe, expect, it } from 'vitest';
import { signBody, verifySignature } from './webhook-signature.ts';

// RFC 4231 section 4.3: key "Jefe", data "what do ya want for nothing?".
const KEY = 'Jefe';
const DATA = 'what do ya want for nothing?';
const DIGEST = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';

describe('webhook signature', () => {
  it('signs a body as sha256=<hex> of the RFC 4231 HMAC-SHA256 vector', () => {
    expect(signBody(KEY, DATA)).toBe(`sha256=${DIGEST}`);
    expect(signBody(KEY, Buffer.from(DATA, 'utf8'))).toBe(`sha256=${DIGEST}`);
  });

  it('accepts the RFC 4231 vector with or without the sha256= prefix, in either case of hex', () => {
    expect(verifySignature(KEY, Buffer.from(DATA), `sha256=${DIGEST}`)).toBe(true);
    expect(verifySignature(KEY, Buffer.from(DATA), DIGEST)).toBe(true);
    expect(verifySignature(KEY, Buffer.from(DATA), `sha256=${DIGEST.toUpperCase()}`)).toBe(true);
  });

  it('refuses the vector for other bytes, another key, a truncated digest or no header', () => {
    expect(verifySignature(KEY, Buffer.from(`${DATA} `), `sha256=${DIGEST}`)).toBe(false);
    expect(verifySignature('jefe', Buffer.from(DATA), `sha256=${DIGEST}`)).toBe(false);
    expect(verifySignature(KEY, Buffer.from(DATA), `sha256=${DIGEST.slice(0, 62)}`)).toBe(false);
    expect(verifySignature(KEY, Buffer.from(DATA), undefined)).toBe(false);
  });
});
