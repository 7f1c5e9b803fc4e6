/**
 * A webhook subscription's signing secret made in the browser: 32 random bytes as hex (64
 * characters; the API asks for 16 to 200). The secret is write-only: the API never shows it again.
 */
export const SECRET_MIN_LENGTH = 16;

export function generateWebhookSecret(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)) {
  const bytes = random(new Uint8Array(32));
  return `whsec_${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}
