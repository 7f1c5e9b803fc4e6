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

  it('sources every consent choice `kiosk` and keeps its wording', () => {
    const body = atThisKiosk(
      { consents: { sms: { granted: true, source: 'staff', wording: 'Texts ok' }, email: { granted: false } } },
      kiosk,
    );
    expect(body).toMatchObject({
      consents: {
        sms: { granted: true, source: 'kiosk', wording: 'Texts ok' },
        email: { granted: false, source: 'kiosk' },
      },
    });
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
