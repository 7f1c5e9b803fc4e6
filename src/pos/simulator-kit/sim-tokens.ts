/** Access tokens a simulator has issued, with their expiry, so it can refuse expired ones like the vendor. */
import { randomBytes } from 'node:crypto';

export class SimTokens {
  readonly #expiresAt = new Map<string, number>();
  /** Tokens issued so far: tests use it to prove a client reuses its token. */
  issued = 0;

  issue(ttlMs: number, now = Date.now()): { token: string; expiresAt: number } {
    const token = `sim.${randomBytes(24).toString('base64url')}`;
    const expiresAt = now + ttlMs;
    this.#expiresAt.set(token, expiresAt);
    this.issued += 1;
    return { token, expiresAt };
  }

  isValid(token: string, now = Date.now()): boolean {
    const expiresAt = this.#expiresAt.get(token);
    return expiresAt !== undefined && expiresAt > now;
  }

  /** Every token issued so far stops working (the "token expiry" fault). */
  expireAll(): void {
    this.#expiresAt.clear();
  }
}
