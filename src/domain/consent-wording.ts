/**
 * The words a kiosk shows beside each unticked consent box, built from the store's name. The kiosk
 * sends back exactly this text as `consents.<channel>.wording`, so the consent ledger keeps the
 * words the person saw (TCPA, 47 CFR 64.1200: prior express written consent to marketing texts
 * names the sender, says consent is not a condition of purchase, and tells how often texts come,
 * that carrier rates may apply, and how to stop them; CTIA's short-code guidelines ask for the
 * same disclosures beside the box). One place builds them, so every kiosk of a store shows the same.
 */

/** How many marketing texts a store sends at most: said in the SMS wording, so it must hold. */
export const SMS_MESSAGES_PER_MONTH = 4;

export interface ConsentWording {
  sms: string;
  email: string;
}

export function consentWording(storeName: string): ConsentWording {
  const name = storeName.trim();
  return {
    sms:
      `I agree to receive recurring automated marketing text messages from ${name} at the phone number ` +
      'I gave. Consent is not a condition of any purchase. ' +
      `Message frequency varies, up to ${SMS_MESSAGES_PER_MONTH} msgs/month. Msg & data rates may apply. ` +
      'Reply STOP to opt out, HELP for help.',
    email:
      `I agree to receive marketing emails from ${name} at the email address I gave. ` +
      'Consent is not a condition of any purchase. You can unsubscribe at any time.',
  };
}
