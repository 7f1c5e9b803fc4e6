/**
 * Invitations: how an admin adds a user (POST /users) without learning anything about other
 * organizations. Login is by email alone, so an address holds one account across the server; an
 * admin who could create users directly would learn from the refusal that an address is a user
 * elsewhere. Instead every invitation answers alike, and the address's owner is told by mail:
 * a code to accept with, or, when the address already has an account, a notice that it cannot join.
 * Each branch does the same work (one look-up, one row, one message), so the timing tells no more.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { keyset, type Page, type PageRequest, toPage } from '../db/keyset.ts';
import { organizations } from '../db/tables.ts';
import { Conflict, NotFound, RateLimited, ValidationFailed } from '../domain/errors.ts';
import { isUuid } from '../domain/ids.ts';
import type { Mailer } from '../mail/mailer.ts';
import { authorize } from './abilities.ts';
import type { Actor, UserRole } from './actor.ts';
import { alreadyHasAccountMessage, invitationMessage } from './invitation-mail.ts';
import { hashPassword } from './passwords.ts';
import { digest, newSecret } from './secrets.ts';
import { type LoginPolicy, type LoginResult, openSession } from './sessions.ts';
import { invitations, users } from './tables.ts';
import { hitThrottle } from './throttle.ts';

export const INVITATION_PREFIX = 'piv_';
export const INVITATION_TTL_MS = 7 * 24 * 3_600_000;
/** Invitations of one address by one organization per day: each is a mail, and a mailbox is not a target. */
export const INVITES_PER_ADDRESS = 5;
const INVITES_WINDOW_MS = 24 * 3_600_000;

export interface NewInvitation {
  email: string;
  name: string;
  role: UserRole;
}

export type InvitationStatus = 'invited' | 'accepted' | 'expired' | 'revoked';

export interface InvitationView extends NewInvitation {
  id: string;
  status: InvitationStatus;
  createdAt: Date;
  expiresAt: Date;
}

type InvitationRow = typeof invitations.$inferSelect;

function view(row: InvitationRow, now = new Date()): InvitationView {
  const status: InvitationStatus = row.revokedAt
    ? 'revoked'
    : row.acceptedAt
      ? 'accepted'
      : row.expiresAt <= now
        ? 'expired'
        : 'invited';
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    status,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}

/**
 * Invites `input.email` into the actor's organization. A user of this same organization answers 409:
 * the admin already sees their own users, and the check looks at no other organization.
 */
export async function inviteUser(db: Db, mailer: Mailer, actor: Actor, input: NewInvitation): Promise<InvitationView> {
  authorize(actor, 'create', 'user');
  // Counted before anything is looked up, so the limit says nothing about the address either.
  const sent = await hitThrottle(db, `invite:${actor.orgId}:${input.email.toLowerCase()}`, INVITES_WINDOW_MS);
  if (sent.hits > INVITES_PER_ADDRESS) {
    throw new RateLimited(sent.resetInMs / 1000, 'This address was invited too often today; try again tomorrow.');
  }
  const [holder] = await db
    .select({ orgId: users.orgId })
    .from(users)
    .where(and(eq(users.email, input.email), isNull(users.deletedAt)))
    .limit(1);
  if (holder?.orgId === actor.orgId) throw new Conflict('A user with this email is already in your organization.');

  const [org] = await db
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, actor.orgId));
  // A token is made in both branches; where the address has an account it is never sent, so the
  // row can be accepted by nobody.
  const token = newSecret(INVITATION_PREFIX);
  const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
  const row = await db.transaction(async (tx) => {
    // One usable invitation per address and organization: a new one replaces those still open.
    await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(invitations.orgId, actor.orgId),
          eq(invitations.email, input.email),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      );
    const [inserted] = await tx
      .insert(invitations)
      .values({
        orgId: actor.orgId,
        email: input.email,
        name: input.name,
        role: input.role,
        tokenHash: digest(token),
        invitedBy: actor.kind === 'user' ? actor.userId : null,
        expiresAt,
      })
      .returning();
    return inserted!;
  });

  const facts = { to: input.email, orgName: org?.name ?? 'an organization', role: input.role, expiresAt };
  await mailer.send(holder ? alreadyHasAccountMessage(facts) : invitationMessage(facts, token));
  return view(row);
}

export async function listInvitations(db: Db, actor: Actor, page: PageRequest): Promise<Page<InvitationView>> {
  authorize(actor, 'read', 'user');
  const { where, orderBy } = keyset(invitations.email, invitations.id, page.cursor);
  const rows = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.orgId, actor.orgId), where))
    .orderBy(...orderBy)
    .limit(page.limit + 1);
  const now = new Date();
  return toPage(
    rows.map((r) => view(r, now)),
    page.limit,
    (i) => [i.email, i.id],
  );
}

export async function getInvitation(db: Db, actor: Actor, id: string): Promise<InvitationView> {
  authorize(actor, 'read', 'user');
  return view(await findInvitation(db, actor.orgId, id));
}

/** Withdraws an invitation not yet accepted; its code stops working at once. */
export async function revokeInvitation(db: Db, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'delete', 'user');
  const row = await findInvitation(db, actor.orgId, id);
  if (row.acceptedAt) throw new Conflict('This invitation was accepted; remove the user instead.');
  if (row.revokedAt) return;
  await db
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(invitations.id, id), eq(invitations.orgId, actor.orgId)));
}

export interface Acceptance {
  token: string;
  password: string;
  name?: string | undefined;
}

/**
 * The invited person accepts with the code from the mail and chooses their password: the user is
 * created in the inviting organization and logged in. A code that is unknown, used, withdrawn or
 * expired answers alike.
 */
export async function acceptInvitation(
  db: Db,
  policy: Pick<LoginPolicy, 'sessionTtlMs'>,
  input: Acceptance,
): Promise<LoginResult> {
  const tokenHash = digest(input.token);
  const open = and(eq(invitations.tokenHash, tokenHash), isNull(invitations.acceptedAt), isNull(invitations.revokedAt));
  // A code is checked before the password is hashed, so made-up codes cost the server nothing much.
  const [found] = await db.select({ expiresAt: invitations.expiresAt }).from(invitations).where(open).limit(1);
  if (!found || found.expiresAt <= new Date()) throw notAnOpenInvitation();
  const passwordHash = await hashPassword(input.password);
  const user = await db.transaction(async (tx) => {
    const [claimed] = await tx.update(invitations).set({ acceptedAt: new Date() }).where(open).returning();
    // Accepted or withdrawn in the meantime.
    if (!claimed) throw notAnOpenInvitation();
    try {
      const [created] = await tx
        .insert(users)
        .values({
          orgId: claimed.orgId,
          email: claimed.email,
          name: input.name ?? claimed.name,
          role: claimed.role,
          passwordHash,
        })
        .returning();
      await tx.update(invitations).set({ userId: created!.id }).where(eq(invitations.id, claimed.id));
      return created!;
    } catch (error) {
      // Only the address's owner holds the code, so telling them their address has an account leaks nothing.
      if (isUniqueViolation(error, 'users_email_key'))
        throw new Conflict('This address already has a Patron account; log in with it instead.');
      throw error;
    }
  });
  return openSession(db, policy, user);
}

function notAnOpenInvitation(): ValidationFailed {
  return ValidationFailed.field(
    'token',
    'is not an open invitation: it may have expired, been used or been withdrawn; ask your admin for a new one',
  );
}

async function findInvitation(db: Db, orgId: string, id: string): Promise<InvitationRow> {
  if (!isUuid(id)) throw new NotFound('invitation');
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.id, id), eq(invitations.orgId, orgId)));
  if (!row) throw new NotFound('invitation');
  return row;
}
