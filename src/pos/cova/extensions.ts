/**
 * Cova's `CustomerExtensions` [3.4]: typed string values attached to a customer. Cova has no
 * first-class medical card, driver's licence or loyalty fields, so Patron keeps them here, under
 * the extension type names chosen in `COVA_CLIENT_CHOICES.extensionTypes` (UNCONFIRMED [7.4]).
 */
import { COVA_CLIENT_CHOICES } from './choices.ts';

export type ExtensionKey = keyof typeof COVA_CLIENT_CHOICES.extensionTypes;

export const EXTENSION_KEYS = Object.keys(COVA_CLIENT_CHOICES.extensionTypes) as ExtensionKey[];

const squash = (name: string) => name.toLowerCase().replace(/[\s_-]/g, '');

const KEY_BY_NAME = new Map<string, ExtensionKey>(
  EXTENSION_KEYS.flatMap((key) =>
    COVA_CLIENT_CHOICES.extensionTypes[key].map((name) => [squash(name), key] as [string, ExtensionKey]),
  ),
);

/** Which Patron value an extension type name carries, if any (names compared without case or separators). */
export function extensionKeyOf(extensionType: string | null | undefined): ExtensionKey | null {
  return extensionType ? (KEY_BY_NAME.get(squash(extensionType)) ?? null) : null;
}

/** The name Patron writes for `key`: the first of its aliases. */
export function extensionTypeName(key: ExtensionKey): string {
  return COVA_CLIENT_CHOICES.extensionTypes[key][0];
}

/** Patient type as written in the extension, and read back liberally (adult-use checked first). */
export function readPatientType(value: string): 'adult' | 'medical' | null {
  if (COVA_CLIENT_CHOICES.adultTypePattern.test(value.trim())) return 'adult';
  if (COVA_CLIENT_CHOICES.medicalTypePattern.test(value.trim())) return 'medical';
  return null;
}
