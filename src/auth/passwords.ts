/**
 * Password hashing with argon2id (OWASP's first choice). The library's defaults are argon2id with
 * 19 MiB of memory and two passes, OWASP's recommended minimum.
 */
import { hash, verify } from '@node-rs/argon2';

const OPTIONS = {} as const;

export const PASSWORD_MIN_LENGTH = 8;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Verifying against this when no account matches keeps "no such user" as slow as "wrong password". */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hash('decoy password that matches nothing', OPTIONS);
  return decoy;
}
