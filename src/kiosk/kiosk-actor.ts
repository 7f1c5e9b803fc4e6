/** The caller of a kiosk endpoint: a kiosk API key, which always stands in one store. */
import { type Action, authorize, type Resource } from '../auth/abilities.ts';
import type { Actor } from '../auth/actor.ts';
import { Forbidden } from '../domain/errors.ts';

export type KioskActor = Extract<Actor, { kind: 'apiKey' }> & { storeId: string };

/** Checks the ability, then that the caller is a kiosk with a store (API keys of other roles are refused). */
export function asKiosk(actor: Actor, resource: Resource, action: Action = 'create'): KioskActor {
  authorize(actor, action, resource);
  if (actor.kind !== 'apiKey' || actor.role !== 'kiosk' || !actor.storeId) {
    throw new Forbidden('Only a kiosk key, bound to its store, may call the kiosk endpoints.');
  }
  return actor as KioskActor;
}
