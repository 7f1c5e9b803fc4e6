/** Who is making a request, as resolved from its bearer token. Services decide what they may do. */
export const USER_ROLES = ['staff', 'manager', 'admin'] as const;
export const KEY_ROLES = ['kiosk', 'integration'] as const;

export type UserRole = (typeof USER_ROLES)[number];
export type KeyRole = (typeof KEY_ROLES)[number];
/** `system`: Patron's own background work (sync jobs); it holds no abilities and writes only through its own paths. */
export type Role = UserRole | KeyRole | 'customer' | 'system';

export type Actor =
  | { kind: 'user'; role: UserRole; orgId: string; userId: string; sessionId: string }
  | { kind: 'apiKey'; role: KeyRole; orgId: string; keyId: string; storeId: string | null }
  /** A customer holding a token from a kiosk (`keyId`, in `storeId`): it speaks for this one customer only. */
  | {
      kind: 'customer';
      role: 'customer';
      orgId: string;
      customerId: string;
      tokenId: string;
      keyId: string;
      storeId: string;
    }
  /** Background work acting for an organization, e.g. `sync:store:<storeId>` for a store's pull. */
  | { kind: 'system'; role: 'system'; orgId: string; name: string };

/** A stable, non-personal reference to the actor for audit rows and logs. */
export function actorRef(actor: Actor): string {
  switch (actor.kind) {
    case 'user':
      return `user:${actor.userId}`;
    case 'apiKey':
      return `key:${actor.keyId}`;
    case 'customer':
      return `customer:${actor.customerId}`;
    case 'system':
      return `system:${actor.name}`;
  }
}
