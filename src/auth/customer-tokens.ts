/**
 * Customer tokens: what a kiosk hands to the customer it identified or signed up, so that the kiosk
 * screen can act as that one customer for a few minutes (GET/PATCH /me, export, erasure). Opaque
 * random strings stored as SHA-256 digests, like sessions (sessions.ts), so that revoking
 * them, revoking the issuing kiosk key or erasing the customer takes effect on the next request.
 */
import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { customers } from '../customers/tables.ts';
import type { Db } from '../db/database.ts';
import { runInOrg } from '../db/org-scope.ts';
import type { Actor } from './actor.ts';
import { forgetCustomer, forgetCustomerToken, rememberActor } from './bearer-cache.ts';
import { digest, newSecret } from './secrets.ts';
import { apiKeys, customerTokens } from './tables.ts';

export const CUSTOMER_TOKEN_PREFIX = 'pct_';

export interface IssuedCustomerToken {
  token: string;
  expiresAt: Date;
}

type Executor = Pick<Db, 'insert'>;

/** The kiosk key that issues a token (src/kiosk/kiosk-actor.ts), bound to its store. */
export interface TokenIssuer {
  orgId: string;
  storeId: string;
  keyId: string;
}

export async function issueCustomerToken(
  db: Executor,
  kiosk: TokenIssuer,
  customerId: string,
  ttlMs: number,
  /** When the token is issued (the kiosk policy's clock). */
  issuedAt: Date = new Date(),
): Promise<IssuedCustomerToken> {
  const token = newSecret(CUSTOMER_TOKEN_PREFIX);
  const expiresAt = new Date(issuedAt.getTime() + ttlMs);
  await db.insert(customerTokens).values({
    orgId: kiosk.orgId,
    customerId,
    storeId: kiosk.storeId,
    apiKeyId: kiosk.keyId,
    tokenHash: digest(token),
    expiresAt,
  });
  return { token, expiresAt };
}

/**
 * The customer behind a token digest, or undefined when the token is unknown, expired or revoked,
 * the customer is erased or merged away, or the kiosk key that issued it is revoked or expired.
 */
export async function resolveCustomerToken(db: Db, tokenDigest: string): Promise<Actor | undefined> {
  const [row] = await db
    .select({
      tokenId: customerTokens.id,
      orgId: customerTokens.orgId,
      customerId: customerTokens.customerId,
      storeId: customerTokens.storeId,
      keyId: customerTokens.apiKeyId,
      expiresAt: customerTokens.expiresAt,
    })
    .from(customerTokens)
    .innerJoin(apiKeys, and(eq(apiKeys.orgId, customerTokens.orgId), eq(apiKeys.id, customerTokens.apiKeyId)))
    .where(
      and(
        eq(customerTokens.tokenHash, tokenDigest),
        isNull(customerTokens.revokedAt),
        gt(customerTokens.expiresAt, sql`now()`),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, sql`now()`)),
      ),
    )
    .limit(1);
  if (!row) return undefined;
  // The customer is read once the token names its organization (row-level security on customers).
  const [live] = await runInOrg(row.orgId, () =>
    db
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.orgId, row.orgId), eq(customers.id, row.customerId), isNull(customers.deletedAt))),
  );
  if (!live) return undefined;
  const { expiresAt, ...who } = row;
  const actor: Actor = { kind: 'customer', role: 'customer', ...who };
  rememberActor(tokenDigest, actor, expiresAt);
  return actor;
}

/** Ends one token (POST /auth/logout with it). */
export async function revokeCustomerToken(
  db: Pick<Db, 'update'>,
  actor: Extract<Actor, { kind: 'customer' }>,
): Promise<void> {
  await db
    .update(customerTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(customerTokens.orgId, actor.orgId), eq(customerTokens.id, actor.tokenId)));
  forgetCustomerToken(actor.tokenId);
}

/** Ends every live token of the customer, here and in this process's bearer cache. */
export async function revokeCustomerTokens(db: Pick<Db, 'update'>, orgId: string, customerId: string): Promise<void> {
  await db
    .update(customerTokens)
    .set({ revokedAt: new Date() })
    .where(
      and(eq(customerTokens.orgId, orgId), eq(customerTokens.customerId, customerId), isNull(customerTokens.revokedAt)),
    );
  forgetCustomer(customerId);
}
