/** Phone numbers: one canonical form (E.164) so that every way of writing a number is the same person. */
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

export const DEFAULT_PHONE_REGION: CountryCode = 'US';

/**
 * `raw` as E.164 (`+17025550123`), or null when it is not a valid number. The whole text must be
 * the number: trailing words are not silently dropped, and an extension is refused because it
 * cannot reach a person by SMS nor identify one.
 */
export function normalizePhone(raw: string, defaultRegion: CountryCode = DEFAULT_PHONE_REGION): string | null {
  const parsed = parsePhoneNumberFromString(raw.trim(), { defaultCountry: defaultRegion, extract: false });
  if (!parsed?.isValid() || parsed.ext) return null;
  return parsed.number;
}
