/** Staff, manager and admin accounts of an organization: admins manage them. */
import { and, count, eq, isNull, ne } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { keyset, type Page, toPage } from '../db/keyset.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../domain/errors.ts';
import { isUuid } from '../domain/ids.ts';
import { authorize } from './abilities.ts';
import type { Actor, UserRole } from './actor.ts';
import { forgetUser } from './bearer-cache.ts';
import { hashPassword } from './passwords.ts';
import { type PublicUser, publicUser } from './sessions.ts';
import { sessions, users } from './tables.ts';

export interface NewUser {
  email: string;
  name: string;
  role: UserRole;
  password: string;
}

export type UserPatch = Partial<NewUser>;

export interface UserView extends PublicUser {
  createdAt: Date;
}

const view = (row: typeof users.$inferSelect): UserView => ({ ...publicUser(row), createdAt: row.createdAt });

export async function listUsers(
  db: Db,
  actor: Actor,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<UserView>> {
  authorize(actor, 'read', 'user');
  const { where, orderBy } = keyset(users.email, users.id, page.cursor);
  const rows = await db
    .select()
    .from(users)
    .where(and(eq(users.orgId, actor.orgId), isNull(users.deletedAt), where))
    .orderBy(...orderBy)
    .limit(page.limit + 1);
  return toPage(rows.map(view), page.limit, (u) => [u.email, u.id]);
}

/** The caller's own account (GET /me); customers get their record from the kiosk module. */
export async function getOwnProfile(db: Db, actor: Actor): Promise<PublicUser> {
  authorize(actor, 'read', 'self');
  if (actor.kind !== 'user') throw new Forbidden('GET /me answers for users and customers, not API keys.');
  return publicUser(await findUser(db, actor.orgId, actor.userId));
}

export async function getUser(db: Db, actor: Actor, id: string): Promise<UserView> {
  authorize(actor, 'read', 'user');
  return view(await findUser(db, actor.orgId, id));
}

/**
 * Creates a user without an acting admin: the CLI and the first-admin bootstrap use it (operators,
 * who see every organization anyway). Admins invite instead (invitations.ts), so that a refusal
 * here cannot tell them an address is a user of another organization.
 */
export async function insertUser(db: Db, orgId: string, input: NewUser): Promise<UserView> {
  const passwordHash = await hashPassword(input.password);
  try {
    const [row] = await db
      .insert(users)
      .values({ orgId, email: input.email, name: input.name, role: input.role, passwordHash })
      .returning();
    return view(row!);
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_key')) throw new Conflict('A user with this email already exists.');
    throw error;
  }
}

export async function updateUser(db: Db, actor: Actor, id: string, patch: UserPatch): Promise<UserView> {
  authorize(actor, 'update', 'user');
  const current = await findUser(db, actor.orgId, id);
  // Moving a user to another address would answer 409 when the address is a user elsewhere: the
  // same oracle as creating one. The new address is invited instead (case changes are allowed).
  if (patch.email !== undefined && patch.email.toLowerCase() !== current.email.toLowerCase()) {
    throw ValidationFailed.field(
      'email',
      'cannot be changed: invite the new address (POST /users), then remove this user once it is accepted',
    );
  }
  if (patch.role && patch.role !== 'admin' && current.role === 'admin') await assertAnotherAdmin(db, actor.orgId, id);
  const { password, ...fields } = patch;
  try {
    const [row] = await db
      .update(users)
      .set({ ...fields, ...(password ? { passwordHash: await hashPassword(password) } : {}), updatedAt: new Date() })
      .where(and(eq(users.id, id), eq(users.orgId, actor.orgId)))
      .returning();
    // A new password or a changed role ends the sessions opened under the old ones.
    if (password || (patch.role && patch.role !== current.role)) await revokeSessionsOf(db, id);
    return view(row!);
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_key')) throw new Conflict('A user with this email already exists.');
    throw error;
  }
}

export async function deleteUser(db: Db, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'delete', 'user');
  const current = await findUser(db, actor.orgId, id);
  if (current.role === 'admin') await assertAnotherAdmin(db, actor.orgId, id);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ deletedAt: new Date() })
      .where(and(eq(users.id, id), eq(users.orgId, actor.orgId)));
    await revokeSessionsOf(tx, id);
  });
}

async function findUser(db: Db, orgId: string, id: string) {
  if (!isUuid(id)) throw new NotFound('user');
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, id), eq(users.orgId, orgId), isNull(users.deletedAt)));
  if (!row) throw new NotFound('user');
  return row;
}

/** An organization always keeps one admin, or nobody could manage it again. */
async function assertAnotherAdmin(db: Db, orgId: string, exceptId: string): Promise<void> {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.role, 'admin'), isNull(users.deletedAt), ne(users.id, exceptId)));
  if ((row?.n ?? 0) === 0) throw new Conflict('This is the last admin of the organization; make another admin first.');
}

async function revokeSessionsOf(db: Pick<Db, 'update'>, userId: string): Promise<void> {
  forgetUser(userId);
  await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}
