import { describe, expect, it } from 'vitest';
import { actorLabel } from './actor-label.ts';

const context = {
  myUserId: '11111111-1111-4111-8111-111111111111',
  storeName: (id: string) => (id === 'b52ecb04' ? 'Flowhub Store' : undefined),
};

describe('an actor reference in words', () => {
  it('says "You" for the signed-in person and no name for another member of staff', () => {
    expect(actorLabel('user:11111111-1111-4111-8111-111111111111', context)).toBe('You');
    expect(actorLabel('user:22222222-2222-4222-8222-222222222222', context)).toBe('A member of staff');
  });

  it("names a store's POS sync by the store", () => {
    expect(actorLabel('system:sync:store:b52ecb04', context)).toBe('POS sync, Flowhub Store');
    expect(actorLabel('system:sync:store:unknown', context)).toBe('POS sync, a store');
  });

  it('says what keys, customers and other system work are', () => {
    expect(actorLabel('key:abc', context)).toBe('An API key (kiosk or integration)');
    expect(actorLabel('customer:abc', context)).toBe('The customer');
    expect(actorLabel('system:retention', context)).toBe('Patron (retention)');
    expect(actorLabel('something-else', context)).toBe('something-else');
  });
});
