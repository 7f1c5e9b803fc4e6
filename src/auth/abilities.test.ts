import { describe, expect, it } from 'vitest';
import { Forbidden } from '../domain/errors.ts';
import { authorize, can, refusal } from './abilities.ts';
import type { Actor } from './actor.ts';

const ORG = '00000000-0000-4000-8000-000000000001';
const ME = '00000000-0000-4000-8000-0000000000aa';
const SOMEONE_ELSE = '00000000-0000-4000-8000-0000000000bb';

const customer: Actor = {
  kind: 'customer',
  role: 'customer',
  orgId: ORG,
  customerId: ME,
  tokenId: '00000000-0000-4000-8000-0000000000cc',
  keyId: '00000000-0000-4000-8000-0000000000dd',
  storeId: '00000000-0000-4000-8000-0000000000ee',
};
const staff: Actor = { kind: 'user', role: 'staff', orgId: ORG, userId: 'u', sessionId: 's' };
const kiosk: Actor = { kind: 'apiKey', role: 'kiosk', orgId: ORG, keyId: 'k', storeId: 'st' };

describe('abilities of a customer token', () => {
  it('lets a customer read and edit their own record, and ask on /me for its export and erasure', () => {
    expect(can(customer, 'read', 'customer', ME)).toBe(true);
    expect(can(customer, 'update', 'customer', ME)).toBe(true);
    expect(can(customer, 'update', 'self')).toBe(true);
    expect(can(customer, 'delete', 'self')).toBe(true);
  });

  it('does not let a customer token erase or export even its own record directly: that waits for a second factor', () => {
    expect(can(customer, 'delete', 'customer', ME)).toBe(false);
    expect(can(customer, 'read', 'customerExport', ME)).toBe(false);
    expect(can(customer, 'read', 'customerRequest')).toBe(false);
    expect(can(customer, 'update', 'customerRequest')).toBe(false);
  });

  it("refuses another person's record, and any action that names no record (lists, creation)", () => {
    expect(can(customer, 'read', 'customer', SOMEONE_ELSE)).toBe(false);
    expect(can(customer, 'update', 'customer', SOMEONE_ELSE)).toBe(false);
    expect(can(customer, 'read', 'customer')).toBe(false);
    expect(can(customer, 'create', 'customer')).toBe(false);
    expect(() => authorize(customer, 'read', 'customerExport', SOMEONE_ELSE)).toThrow(Forbidden);
  });

  it('gives a customer nothing beyond their own record, even when naming it', () => {
    for (const resource of ['store', 'user', 'customerAudit', 'customerMerge', 'customerLink', 'kioskOrder'] as const) {
      expect(can(customer, 'read', resource, ME) || can(customer, 'create', resource, ME)).toBe(false);
    }
  });

  it('keeps the kiosk endpoints to kiosks, and the subject does not matter to staff', () => {
    expect(can(kiosk, 'create', 'customerIdentification')).toBe(true);
    expect(can(kiosk, 'create', 'kioskOrder')).toBe(true);
    expect(can(kiosk, 'read', 'kioskStore')).toBe(true);
    expect(can(staff, 'create', 'customerIdentification')).toBe(false);
    expect(can(staff, 'read', 'kioskStore')).toBe(false);
    expect(can(staff, 'read', 'customer', SOMEONE_ELSE)).toBe(true);
  });
});

describe('refusals in words', () => {
  it('says who is refused, what they tried and who can, from the table', () => {
    expect(refusal('staff', 'update', 'customerMerge')).toBe('Staff cannot merge customers; ask a manager.');
    expect(refusal('manager', 'create', 'store')).toBe('Managers cannot create stores; ask an admin.');
    expect(refusal('integration', 'read', 'customer')).toBe('Integration keys cannot see customers; sign in as staff.');
    expect(refusal('kiosk', 'update', 'dataPolicy')).toBe(
      'Kiosk keys cannot change the data policy; sign in as a manager.',
    );
    expect(refusal('customer', 'read', 'duplicate')).toBe(
      "Customer tokens cannot see suspected duplicates; ask the store's staff.",
    );
    expect(refusal('admin', 'create', 'kioskSignup')).toBe(
      'Admins cannot sign customers up at a kiosk; only kiosk keys can.',
    );
  });

  it("tells a customer token that it reaches only its own record when it names someone else's", () => {
    expect(() => authorize(customer, 'read', 'customer', SOMEONE_ELSE)).toThrow(
      "A customer token reaches only its own record; ask the store's staff for anything else.",
    );
  });
});
