import { describe, expect, it } from 'vitest';
import { looksLikeEmail, MAX_EMAIL_LENGTH, typeEmailKey } from './email-entry.ts';

describe('an email typed on the kiosk keyboard', () => {
  it('may be saved once it has a name, an at sign and a dotted domain', () => {
    expect(looksLikeEmail('k@example.com')).toBe(true);
    expect(looksLikeEmail('new.walker@mail.example.co')).toBe(true);
  });

  it('may not be saved half typed', () => {
    for (const text of ['', 'k', 'k@', 'k@example', 'k@example.', '@example.com', 'k@@example.com']) {
      expect(looksLikeEmail(text), text).toBe(false);
    }
  });

  it('grows by a key or ".com" and stops at the longest address there is', () => {
    expect(typeEmailKey('k@example', '.com')).toBe('k@example.com');
    expect(typeEmailKey('a'.repeat(MAX_EMAIL_LENGTH), 'b')).toHaveLength(MAX_EMAIL_LENGTH);
  });
});
