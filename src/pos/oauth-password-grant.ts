/**
 * Access tokens from an OAuth2 password grant (RFC 6749 §4.3), as Cova's iQmetrix accounts service
 * issues them: form-encoded `grant_type=password` with user and client credentials, 12 h bearer
 * tokens [REFERENCE 3.2]. Re-running the grant is the documented way to renew (refresh tokens are
 * UNCONFIRMED there), so the cache simply fetches a new one, one fetch at a time.
 */
import { z } from 'zod';
import type { OutboundHttp } from '../egress/outbound-http.ts';
import type { Logger } from '../logger.ts';
import { credentialKey, sharedState } from './credential-state.ts';
import { PosAuthFailed, type PosError, type PosVendor } from './port.ts';
import { TokenCache } from './token-cache.ts';
import { createTransport, type TransportOptions, type TransportResponse } from './transport.ts';

export interface PasswordGrantSettings {
  vendor: PosVendor;
  /** The token endpoint, e.g. `https://accounts.iqmetrix.net/v1/oauth2/token`. */
  tokenUrl: string;
  username: string;
  password: string;
  clientId: string;
  clientSecret: string;
  /** Used when the answer has no `expires_in`. */
  defaultLifetimeMs: number;
  logger?: Logger;
  /** The guarded connector for the token call; public addresses only when absent. */
  outbound?: OutboundHttp;
  transport?: Partial<Pick<TransportOptions, 'retry' | 'breaker' | 'timeoutMs' | 'sleep' | 'random'>>;
}

const tokenAnswer = z
  .object({
    access_token: z.string().min(1),
    expires_in: z.union([z.number(), z.string()]).optional(),
  })
  .loose();

/** RFC 6749 §5.2 error bodies (`invalid_grant`, `invalid_client`) mean the credentials are wrong. */
function readOAuthError(vendor: PosVendor, response: TransportResponse): PosError | undefined {
  const body = response.body as { error?: unknown } | null;
  if (response.status >= 400 && response.status < 500 && response.status !== 429 && typeof body?.error === 'string') {
    return new PosAuthFailed(vendor, `token endpoint refused the credentials (${response.status})`);
  }
  return undefined;
}

/** One token cache per credential set in the process, shared by every client built from it. */
export function passwordGrantTokens(settings: PasswordGrantSettings): TokenCache {
  const url = new URL(settings.tokenUrl);
  const key = credentialKey(
    settings.vendor,
    settings.tokenUrl,
    settings.username,
    settings.password,
    settings.clientId,
    settings.clientSecret,
  );
  return sharedState('oauth-password-grant', key, () => {
    const transport = createTransport({
      vendor: settings.vendor,
      baseUrl: url.origin,
      // No published limit on the token endpoint; a token is fetched rarely, so any modest bound is enough.
      rateLimit: { limit: 5, intervalMs: 1000 },
      limiterKey: `${key}:auth`,
      readError: (response) => readOAuthError(settings.vendor, response),
      ...(settings.logger ? { logger: settings.logger } : {}),
      ...(settings.outbound ? { outbound: settings.outbound } : {}),
      ...settings.transport,
    });
    return new TokenCache(async () => {
      const response = await transport.request({
        method: 'POST',
        route: url.pathname,
        path: url.pathname,
        form: {
          grant_type: 'password',
          username: settings.username,
          password: settings.password,
          client_id: settings.clientId,
          client_secret: settings.clientSecret,
        },
        idempotent: true,
        authenticated: false,
      });
      const parsed = tokenAnswer.safeParse(response.body);
      if (!parsed.success) throw new PosAuthFailed(settings.vendor, 'token endpoint answered without an access_token');
      const seconds = Number(parsed.data.expires_in);
      const lifetime = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : settings.defaultLifetimeMs;
      return { value: parsed.data.access_token, expiresAt: Date.now() + lifetime };
    });
  });
}
