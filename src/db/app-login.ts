/**
 * The application's own login (SECURITY.md "Isolation between organizations"): the application's
 * connections log in as `patron_app` with a password of its own, never as the owner, so SQL run on
 * them (an injection) cannot `SET ROLE` or `RESET ROLE` back to a role that row-level security does
 * not restrict. Where that password comes from, how the owner sets it, and the check, made at every
 * start, that the login cannot reach the owner.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import { readOrCreateSecretFile } from '../secret-file.ts';

/** The role of the application's connections (migration 0013): not an owner, no BYPASSRLS. */
export const APPLICATION_ROLE = 'patron_app';

/** Where a generated password of the application's login is kept (embedded server, or no owner password). */
export function appPasswordFile(dataDir: string): string {
  return path.join(dataDir, 'secrets', 'db-app-password');
}

/** The owner's URL with the application's login instead: same host, port, database and parameters. */
export function applicationUrl(ownerUrl: string, password: string): string {
  const url = new URL(ownerUrl);
  url.username = APPLICATION_ROLE;
  url.password = encodeURIComponent(password);
  return url.toString();
}

/**
 * The application's password for an owner URL: derived from the owner's password (HMAC), so every
 * process given the same `DATABASE_URL` (API and workers on several hosts, each with its own data
 * folder) agrees on it without sharing a file, and none resets it under the others. Undefined when
 * the URL carries no password (peer or trust authentication, `.pgpass`): then a generated one is kept
 * in the data folder. The role belongs to the cluster, so the database name is not part of it.
 */
export function derivedAppPassword(ownerUrl: string): string | undefined {
  const ownerPassword = decodeURIComponent(new URL(ownerUrl).password);
  if (ownerPassword === '') return undefined;
  return createHmac('sha256', ownerPassword).update('patron/db-app-password/v1').digest('base64url');
}

/** The application's URL derived from an owner URL that carries a password (tests, benchmarks). */
export function derivedApplicationUrl(ownerUrl: string): string {
  const password = derivedAppPassword(ownerUrl);
  if (password === undefined) throw new ApplicationLoginError('the owner URL carries no password to derive from');
  return applicationUrl(ownerUrl, password);
}

/** A generated password kept (mode 0600) in the data folder; the same one on every later start. */
export function storedAppPassword(dataDir: string): Promise<string> {
  return readOrCreateSecretFile(appPasswordFile(dataDir), () => randomBytes(24).toString('base64url'));
}

/** The application's URL for an owner URL: `PATRON_APP_DATABASE_URL` when given, else derived or stored. */
export async function applicationUrlFor(ownerUrl: string, dataDir: string, given?: string): Promise<string> {
  if (given) return given;
  return applicationUrl(ownerUrl, derivedAppPassword(ownerUrl) ?? (await storedAppPassword(dataDir)));
}

export class ApplicationLoginError extends Error {}

/**
 * Makes sure the application can log in with `appUrl`, setting the role's LOGIN and password with
 * the owner's connection when it cannot yet (first start, or a changed password), then refuses to
 * go on if that login could reach the owner: the owner itself, a superuser, BYPASSRLS, or a member
 * of the owner role (which `SET ROLE` would reach).
 */
export async function ensureApplicationLogin(ownerPool: pg.Pool, appUrl: string, logger?: Logger): Promise<void> {
  const login = decodeURIComponent(new URL(appUrl).username);
  if (login !== APPLICATION_ROLE) {
    throw new ApplicationLoginError(`the application's database login must be ${APPLICATION_ROLE}, not ${login}`);
  }
  const owner = (await ownerPool.query<{ name: string }>('SELECT current_user AS name')).rows[0]!.name;
  if (owner === APPLICATION_ROLE) {
    throw new ApplicationLoginError(`DATABASE_URL must log in as the database owner, not as ${APPLICATION_ROLE}`);
  }
  let identity = await tryLogin(appUrl, owner);
  if (!identity.ok) {
    await setPassword(ownerPool, decodeURIComponent(new URL(appUrl).password), appUrl, owner);
    logger?.info({ role: APPLICATION_ROLE }, "set the application's database login");
    identity = await tryLogin(appUrl, owner);
    if (!identity.ok) throw identity.error;
  }
  const { row } = identity;
  if (row.login !== APPLICATION_ROLE || row.superuser || row.bypass || row.ownerMember) {
    throw new ApplicationLoginError(
      `refusing to start: the application's login ${row.login} can reach the owner ${owner} ` +
        '(it must not be a superuser, have BYPASSRLS, or be a member of the owner role)',
    );
  }
}

interface LoginIdentity {
  login: string;
  superuser: boolean;
  bypass: boolean;
  ownerMember: boolean;
}

type LoginAttempt = { ok: true; row: LoginIdentity } | { ok: false; error: Error };

/** Failures that setting the role's LOGIN and password repairs; anything else is reported as is. */
const REPAIRABLE = new Set(['28P01', '28000']);

async function tryLogin(appUrl: string, owner: string): Promise<LoginAttempt> {
  const client = new pg.Client({ connectionString: appUrl, application_name: 'patron-login-check' });
  try {
    await client.connect();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code && REPAIRABLE.has(code)) return { ok: false, error: error as Error };
    throw error;
  }
  try {
    const { rows } = await client.query<LoginIdentity>(
      `SELECT session_user AS login, r.rolsuper AS superuser, r.rolbypassrls AS bypass,
              pg_has_role(session_user, $1, 'MEMBER') AS "ownerMember"
         FROM pg_roles r WHERE r.rolname = session_user`,
      [owner],
    );
    return { ok: true, row: rows[0]! };
  } finally {
    await client.end();
  }
}

/**
 * `ALTER ROLE ... LOGIN PASSWORD` with a SCRAM-SHA-256 verifier computed here, so the password
 * itself never reaches the server (nor its statement log). Roles belong to the cluster: another
 * process setting the same password at the same moment may collide ("tuple concurrently updated"),
 * which is fine once the login works.
 */
async function setPassword(ownerPool: pg.Pool, password: string, appUrl: string, owner: string): Promise<void> {
  const secret = /^[\x20-\x7e]*$/.test(password) ? scramSha256Verifier(password) : password;
  try {
    await ownerPool.query(`ALTER ROLE ${APPLICATION_ROLE} WITH LOGIN PASSWORD ${pg.escapeLiteral(secret)}`);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if ((await tryLogin(appUrl, owner)).ok) return;
    if (code === '42501') {
      throw new ApplicationLoginError(
        `the owner cannot set the password of ${APPLICATION_ROLE}; have a superuser run ` +
          `ALTER ROLE ${APPLICATION_ROLE} LOGIN PASSWORD '...' and give that login as PATRON_APP_DATABASE_URL`,
      );
    }
    throw error;
  }
}

/** What PostgreSQL stores for a password under scram-sha-256 (RFC 5802/7677, PostgreSQL's format). */
export function scramSha256Verifier(password: string, salt = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
