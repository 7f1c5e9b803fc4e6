/**
 * Bearer secrets (session tokens, API keys). They are long random strings, so a fast SHA-256 is the
 * right way to store them: unlike passwords they cannot be guessed from a dictionary.
 */
import { createHash, randomBytes } from 'node:crypto';

export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
