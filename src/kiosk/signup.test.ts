import { describe, expect, it } from 'vitest';
import { ValidationFailed } from '../domain/errors.ts';
import type { KioskActor } from './kiosk-actor.ts';
import { atThisKiosk } from './signup.ts';

const kiosk: KioskActor = { kind: 'apiKey', role: 'kiosk', orgId: 'org', keyId: 'key', storeId: 'kiosk-store' };

describe('a signup as this kiosk takes it', () => {
  it("puts the customer in the kiosk's store whatever the body says", () => {
    expect(atThisKiosk({ firstName: 'A', homeStoreId: 'elsewhere' }, kiosk)).toEqual({
      firstName: 'A',
      homeStoreId: 'kiosk-store',
    });
  });

  it('passes consent choices on as sent, for the customers service to source `kiosk` and date', () => {
    const consents = { sms: { granted: true, wording: 'Texts ok' }, email: { granted: false } };
    expect(atThisKiosk({ consents }, kiosk)).toEqual({ consents, homeStoreId: 'kiosk-store' });
  });

  it('refuses a granted consent without the words agreed to, channel by channel', () => {
    try {
      atThisKiosk({ consents: { sms: { granted: true, wording: '  ' }, email: { granted: true } } }, kiosk);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationFailed);
      expect((error as ValidationFailed).errors.map((e) => e.path)).toEqual([
        'consents.sms.wording',
        'consents.email.wording',
      ]);
    }
  });

  it('leaves a body that is not an object for the customer rules to refuse', () => {
    expect(atThisKiosk(['x'], kiosk)).toEqual(['x']);
    expect(atThisKiosk(null, kiosk)).toBeNull();
  });
});
