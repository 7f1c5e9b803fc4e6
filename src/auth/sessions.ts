/**
 * Login, logout and bearer-token resolution.
 *
 * Sessions are opaque random tokens stored as SHA-256 digests rather than signed tokens (JWT):
 * logout, a removed user or a demoted role take effect on the next request, with no revocation
 * list to keep, and one indexed lookup per request is cheap next to the queries it guards.
 */
import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { Forbidden, RateLimited, Unauthenticated } from '../domain/errors.ts';
import type { Actor, UserRole } from './actor.ts';
import { cachedActor, forgetSession, rememberActor } from './bearer-cache.ts';
import { CUSTOMER_TOKEN_PREFIX, resolveCustomerToken, revokeCustomerToken } from './customer-tokens.ts';
import { countPairAttempt, forgetPair, type PairThrottlePolicy, pairKey } from './login-throttle.ts';
import { decoyHash, verifyPassword } from './passwords.ts';
import { digest, newSecret } from './secrets.ts';
import { apiKeys, sessions, users } from './tables.ts';
import { hitThrottle } from './throttle.ts';

export const SESSION_PREFIX = 'pst_';
export const API_KEY_PREFIX = 'pk_';

export interface LoginPolicy extends PairThrottlePolicy {
  sessionTtlMs: number;
  /** Attempts from one address, across accounts, per window. */
  addressLimit: number;
}

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  orgId: string;
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: PublicUser;
}

export async function login(
  db: Db,
  policy: LoginPolicy,
  input: { email: string; password: string; address: string },
): Promise<LoginResult> {
  const addressKey = `login:address:${input.address}`;
  const pair = pairKey(input.email, input.address);
  // Every attempt counts against the address, across accounts (credential stuffing). Failures count
  // against the account only from the address that made them (login-throttle.ts): a correct
  // password from another address still logs in while this one waits.
  const byAddress = await hitThrottle(db, addressKey, policy.windowMs);
  if (byAddress.hits > policy.addressLimit) throw new RateLimited(byAddress.resetInMs / 1000);
  await countPairAttempt(db, pair, policy);

  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.email, input.email.trim()), isNull(users.deletedAt)))
    .limit(1);
  const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), input.password);
  if (!user || !ok) throw new Unauthenticated('Wrong email or password.');
  await forgetPair(db, pair);
  return openSession(db, policy, user);
}

/** A new session for a user who proved who they are (a login, an accepted invitation). */
export async function openSession(
  db: Db,
  policy: Pick<LoginPolicy, 'sessionTtlMs'>,
  user: typeof users.$inferSelect,
): Promise<LoginResult> {
  const token = newSecret(SESSION_PREFIX);
  const expiresAt = new Date(Date.now() + policy.sessionTtlMs);
  await db.insert(sessions).values({ orgId: user.orgId, userId: user.id, tokenHash: digest(token), expiresAt });
  return { token, expiresAt, user: publicUser(user) };
}

/** Ends the caller's session, or the customer's token (the kiosk's "done"); API keys are revoked by an admin. */
export async function logout(db: Db, actor: Actor): Promise<void> {
  if (actor.kind === 'customer') return revokeCustomerToken(db, actor);
  if (actor.kind !== 'user') throw new Forbidden('API keys do not log out; an admin revokes them.');
  await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.id, actor.sessionId), eq(sessions.orgId, actor.orgId)));
  forgetSession(actor.sessionId);
}

/** The actor behind a bearer token, or undefined when the token is unknown, expired or revoked. */
export async function resolveBearer(db: Db, token: string): Promise<Actor | undefined> {
  const tokenDigest = digest(token);
  const cached = cachedActor(tokenDigest);
  if (cached) return cached;
  if (token.startsWith(API_KEY_PREFIX)) return resolveApiKey(db, tokenDigest);
  if (token.startsWith(CUSTOMER_TOKEN_PREFIX)) return resolveCustomerToken(db, tokenDigest);
  if (!token.startsWith(SESSION_PREFIX)) return undefined;
  const [row] = await db
    .select({
      sessionId: sessions.id,
      userId: users.id,
      orgId: users.orgId,
      role: users.role,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.tokenHash, tokenDigest),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql`now()`),
        isNull(users.deletedAt),
      ),
    )
    .limit(1);
  if (!row) return undefined;
  const { expiresAt, ...who } = row;
  const actor: Actor = { kind: 'user', ...who };
  rememberActor(tokenDigest, actor, expiresAt);
  return actor;
}

async function resolveApiKey(db: Db, keyDigest: string): Promise<Actor | undefined> {
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.keyHash, keyDigest),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, sql`now()`)),
      ),
    )
    .limit(1);
  if (!row) return undefined;
  // Record use at most once a minute per key, so a busy kiosk does not write on every request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, row.id));
  }
  const actor: Actor = { kind: 'apiKey', role: row.role, orgId: row.orgId, keyId: row.id, storeId: row.storeId };
  rememberActor(keyDigest, actor, row.expiresAt);
  return actor;
}

export function publicUser(user: typeof users.$inferSelect): PublicUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role, orgId: user.orgId };
}
