import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loopbackAllowedOutbound } from '../egress/outbound-http.ts';
import { passwordGrantTokens } from './oauth-password-grant.ts';
import { PosAuthFailed } from './port.ts';

/** The simulators listen on loopback: allowed here explicitly, as demo mode allows it. */
const outbound = loopbackAllowedOutbound();

let server: Server | undefined;
afterEach(async () => {
  const s = server;
  server = undefined;
  if (s) await new Promise((resolve) => s.close(resolve));
});

/** A token endpoint that accepts one user and counts the grants it issued. */
async function tokenEndpoint(expiresIn: number | undefined) {
  const state = { grants: 0, bodies: [] as string[] };
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      state.bodies.push(body);
      const form = new URLSearchParams(body);
      res.setHeader('content-type', 'application/json');
      if (form.get('grant_type') !== 'password' || form.get('password') !== 'right') {
        res.statusCode = 400;
        res.end(JSON.stringify({ error: 'invalid_grant', error_description: 'bad user' }));
        return;
      }
      state.grants += 1;
      res.end(JSON.stringify({ access_token: `tok-${state.grants}`, token_type: 'bearer', expires_in: expiresIn }));
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { state, tokenUrl: `http://127.0.0.1:${port}/v1/oauth2/token` };
}

const settings = (tokenUrl: string, password: string) => ({
  vendor: 'cova' as const,
  tokenUrl,
  username: `user-${randomUUID()}`,
  password,
  clientId: 'client',
  clientSecret: 'client-secret',
  defaultLifetimeMs: 43_200_000,
  outbound,
});

describe('oauth password grant', () => {
  it('runs one grant for many concurrent callers and reuses the 12 h token', async () => {
    const { state, tokenUrl } = await tokenEndpoint(43_200);
    const tokens = passwordGrantTokens(settings(tokenUrl, 'right'));
    const values = await Promise.all(Array.from({ length: 8 }, () => tokens.get()));
    expect(new Set(values)).toEqual(new Set(['tok-1']));
    expect(await tokens.get()).toBe('tok-1');
    expect(state.grants).toBe(1);
    expect(new URLSearchParams(state.bodies[0]).get('client_secret')).toBe('client-secret');
  });

  it('runs the grant again after the token is refused', async () => {
    const { tokenUrl } = await tokenEndpoint(undefined);
    const tokens = passwordGrantTokens(settings(tokenUrl, 'right'));
    tokens.invalidate(await tokens.get());
    expect(await tokens.get()).toBe('tok-2');
  });

  it('reports a refused password as AuthFailed without the password in the message', async () => {
    const { tokenUrl } = await tokenEndpoint(43_200);
    const error = (await passwordGrantTokens(settings(tokenUrl, 'wrong-PASSWORD'))
      .get()
      .catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(PosAuthFailed);
    expect(error.message).not.toMatch(/PASSWORD|client-secret/);
  });
});
