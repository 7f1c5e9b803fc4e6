/**
 * An access token reused until shortly before it expires, with at most one refresh in flight:
 * Treez refuses certification to partners that authenticate on every call [REFERENCE 1.2], and
 * Cova's 12 h OAuth tokens [REFERENCE 3.2] should not be fetched once per worker either.
 */
export interface AccessToken {
  value: string;
  /** Epoch ms. */
  expiresAt: number;
}

export class TokenCache {
  readonly #fetchToken: () => Promise<AccessToken>;
  readonly #refreshSkewMs: number;
  readonly #now: () => number;
  #current: AccessToken | null = null;
  #inFlight: Promise<AccessToken> | null = null;

  constructor(fetchToken: () => Promise<AccessToken>, options: { refreshSkewMs?: number; now?: () => number } = {}) {
    this.#fetchToken = fetchToken;
    this.#refreshSkewMs = options.refreshSkewMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  async get(): Promise<string> {
    const current = this.#current;
    if (current && current.expiresAt - this.#refreshSkewMs > this.#now()) return current.value;
    this.#inFlight ??= this.#fetchToken().then(
      (token) => {
        this.#current = token;
        this.#inFlight = null;
        return token;
      },
      (error: unknown) => {
        this.#inFlight = null;
        throw error;
      },
    );
    return (await this.#inFlight).value;
  }

  /** Forgets `value` after the vendor refused it; a newer token fetched meanwhile is kept. */
  invalidate(value: string): void {
    if (this.#current?.value === value) this.#current = null;
  }
}
