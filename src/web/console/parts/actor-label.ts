/**
 * Who did something, in words: the API names actors by reference (`user:<id>`, `key:<id>`,
 * `customer:<id>`, `system:<name>`, src/auth/actor.ts), which means nothing to a person at the counter.
 * Staff may not read the users list, so another member of staff stays "A member of staff".
 */
export function actorLabel(
  ref: string,
  context: { myUserId: string; storeName: (id: string) => string | undefined },
): string {
  const [kind, ...rest] = ref.split(':');
  const id = rest.join(':');
  switch (kind) {
    case 'user':
      return id === context.myUserId ? 'You' : 'A member of staff';
    case 'key':
      return 'An API key (kiosk or integration)';
    case 'customer':
      return 'The customer';
    case 'system': {
      const store = /^sync:store:(.+)$/.exec(id)?.[1];
      if (store) return `POS sync, ${context.storeName(store) ?? 'a store'}`;
      return `Patron (${id.replaceAll(':', ' ')})`;
    }
    default:
      return ref;
  }
}
