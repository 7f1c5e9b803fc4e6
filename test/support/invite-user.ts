/**
 * Adds a user the way an admin does (POST /users invites, the invited person accepts with the code
 * from the mail), for tests that need a user of their own. Also reads invitation codes from the mail.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from './test-app.ts';

export interface InvitedUser {
  /** The user's id. */
  id: string;
  /** A session token of the new user. */
  token: string;
}

export interface UserToInvite {
  email: string;
  name: string;
  role: 'staff' | 'manager' | 'admin';
  password: string;
}

/** The invitation code in the newest message to `email`, if that message carries one. */
export function invitationCodeFor(t: TestApp, email: string): string | undefined {
  return t.mailer
    .to(email)
    .at(-1)
    ?.text.match(/piv_[A-Za-z0-9_-]+/)?.[0];
}

export async function acceptInvitation(
  t: TestApp,
  token: string,
  password: string,
  name?: string,
): Promise<LightMyRequestResponse> {
  return t.request('POST', '/api/v1/auth/invitations/accept', undefined, {
    token,
    password,
    ...(name ? { name } : {}),
  });
}

export async function inviteUser(t: TestApp, user: UserToInvite, adminToken = t.tokens.admin): Promise<InvitedUser> {
  const { password, ...invitation } = user;
  const invited = await t.request('POST', '/api/v1/users', adminToken, invitation);
  if (invited.statusCode !== 202)
    throw new Error(`invitation of ${user.email} failed: ${invited.statusCode} ${invited.body}`);
  const code = invitationCodeFor(t, user.email);
  if (!code) throw new Error(`no invitation code was mailed to ${user.email}`);
  const accepted = await acceptInvitation(t, code, password);
  if (accepted.statusCode !== 201)
    throw new Error(`acceptance by ${user.email} failed: ${accepted.statusCode} ${accepted.body}`);
  const body = accepted.json<{ token: string; user: { id: string } }>();
  return { id: body.user.id, token: body.token };
}
