/** Who is making a request, as resolved from its bearer token. Services decide what they may do. */
export const USER_ROLES = ['staff', 'manager', 'admin'] as const;
export const KEY_ROLES = ['kiosk', 'integration'] as const;

export type UserRole = (typeof USER_ROLES)[number];
export type KeyRole = (typeof KEY_ROLES)[number];
export type Role = UserRole | KeyRole | 'customer';

export type Actor =
  | { kind: 'user'; role: UserRole; orgId: string; userId: string; sessionId: string }
  | { kind: 'apiKey'; role: KeyRole; orgId: string; keyId: string; storeId: string | null };

/** A stable, non-personal reference to the actor for audit rows and logs. */
export function actorRef(actor: Actor): string {
  return actor.kind === 'user' ? `user:${actor.userId}` : `key:${actor.keyId}`;
}
