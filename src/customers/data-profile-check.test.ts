import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor.ts';
import { storeOfWrite } from './data-profile-check.ts';

const ORG = '00000000-0000-4000-8000-000000000001';
const HOME = 'home-store';
const staff: Actor = { kind: 'user', role: 'staff', orgId: ORG, userId: 'u', sessionId: 's' };
const kiosk: Actor = { kind: 'apiKey', role: 'kiosk', orgId: ORG, keyId: 'k', storeId: 'kiosk-store' };
const unboundKey: Actor = { kind: 'apiKey', role: 'integration', orgId: ORG, keyId: 'k', storeId: null };
const customer: Actor = {
  kind: 'customer',
  role: 'customer',
  orgId: ORG,
  customerId: 'c',
  tokenId: 't',
  keyId: 'k',
  storeId: 'token-store',
};

describe('storeOfWrite', () => {
  it('follows the store where the data is collected: a kiosk key or a customer token from a kiosk', () => {
    expect(storeOfWrite(kiosk, {}, HOME)).toBe('kiosk-store');
    expect(storeOfWrite(customer, {}, HOME)).toBe('token-store');
  });

  it("follows the customer's home store for staff and keys bound to no store, and none without one", () => {
    expect(storeOfWrite(staff, {}, HOME)).toBe(HOME);
    expect(storeOfWrite(unboundKey, {}, HOME)).toBe(HOME);
    expect(storeOfWrite(staff, {}, null)).toBeNull();
  });

  it('lets the caller name the store of the write, over its credentials and the home store', () => {
    expect(storeOfWrite(kiosk, { atStoreId: 'given' }, HOME)).toBe('given');
    expect(storeOfWrite(staff, { atStoreId: 'given' }, null)).toBe('given');
  });
});
