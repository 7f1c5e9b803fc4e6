import { describe, expect, it } from 'vitest';
import { consentWording, SMS_MESSAGES_PER_MONTH } from './consent-wording.ts';

describe('consent wording shown at a kiosk', () => {
  const { sms, email } = consentWording('Green Leaf Henderson');

  it('names the store in both wordings', () => {
    expect(sms).toContain('from Green Leaf Henderson');
    expect(email).toContain('from Green Leaf Henderson');
  });

  it('says the texts are recurring marketing texts to the number given, and not a condition of purchase', () => {
    expect(sms).toMatch(/recurring automated marketing text messages/);
    expect(sms).toContain('at the phone number I gave');
    expect(sms).toContain('Consent is not a condition of any purchase.');
  });

  it('gives a concrete message frequency, the carrier-rates notice and the STOP and HELP keywords', () => {
    expect(sms).toContain(`Message frequency varies, up to ${SMS_MESSAGES_PER_MONTH} msgs/month.`);
    expect(sms).toContain('Msg & data rates may apply.');
    expect(sms).toContain('Reply STOP to opt out, HELP for help.');
  });

  it('says of email that it is not a condition of purchase and that one can unsubscribe at any time', () => {
    expect(email).toContain('marketing emails');
    expect(email).toContain('Consent is not a condition of any purchase.');
    expect(email).toContain('You can unsubscribe at any time.');
  });

  it('is the same text for the same store, whatever spaces surround its name', () => {
    expect(consentWording('  Green Leaf Henderson ')).toEqual(consentWording('Green Leaf Henderson'));
    expect(consentWording('Other Store').sms).not.toBe(sms);
  });

  it('fits the 2000 characters the consent ledger keeps of a wording, even for a long store name', () => {
    const long = consentWording('S'.repeat(200));
    expect(long.sms.length).toBeLessThanOrEqual(2000);
    expect(long.email.length).toBeLessThanOrEqual(2000);
  });
});
