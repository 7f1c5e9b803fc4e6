/**
 * GET /pos-vendors: each registered vendor's credentials form as JSON Schema, generated from its zod
 * credentials schema (the single source), so the console needs no vendor knowledge. Fields marked
 * `writeOnly` in the vendor's schema are the secrets: never shown back, typed into password boxes.
 */
import { z } from 'zod';
import type { PosVendor } from '../pos/port.ts';
import { posVendor, registeredVendors } from '../pos/registry.ts';

/** How the console names each vendor (its brand, not the id the API takes). */
const DISPLAY_NAMES: Record<PosVendor, string> = {
  treez: 'Treez',
  flowhub: 'Flowhub',
  cova: 'Cova',
  dutchie: 'Dutchie',
  blaze: 'Blaze',
};

export interface PosVendorForm {
  vendor: string;
  displayName: string;
  credentialsSchema: Record<string, unknown>;
  secretFields: string[];
}

export function posVendorForms(): PosVendorForm[] {
  return registeredVendors().flatMap((vendor) => {
    const entry = posVendor(vendor);
    if (!entry) return [];
    // `input`: what a PUT may send (Cova's companyId is a number or digits before its transform).
    const credentialsSchema = z.toJSONSchema(entry.credentialsSchema, { io: 'input', unrepresentable: 'any' });
    const properties = (credentialsSchema.properties ?? {}) as Record<string, { writeOnly?: boolean }>;
    const secretFields = Object.keys(properties).filter((name) => properties[name]?.writeOnly === true);
    return [
      {
        vendor,
        displayName: DISPLAY_NAMES[vendor],
        credentialsSchema: credentialsSchema as Record<string, unknown>,
        secretFields,
      },
    ];
  });
}
