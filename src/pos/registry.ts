/**
 * Vendor name -> what the rest of Patron needs to work with it: the credentials schema (to validate
 * an integration before storing it), a client factory, what a create needs, and the vendor's
 * client choices. This is the production path: no simulator is imported from here (demo mode and
 * tests start simulators through `simulators.ts`). Adding a vendor is one entry here and one there,
 * plus its folder; nothing else names vendors. The entry's shape is in `registration.ts`, which the
 * vendors' registrations import (so they do not import this file back).
 */
import { blazeVendor } from './blaze/registration.ts';
import { covaVendor } from './cova/registration.ts';
import type { PosCreateRequirement } from './create-requirements.ts';
import { dutchieVendor } from './dutchie/registration.ts';
import { flowhubVendor } from './flowhub/registration.ts';
import type { PosClient, PosVendor } from './port.ts';
import type { PosClientOptions, PosVendorEntry } from './registration.ts';
import { treezVendor } from './treez/registration.ts';

/** Registered vendors: every vendor Patron supports. */
const vendors: Partial<Record<PosVendor, PosVendorEntry<unknown>>> = {
  treez: treezVendor as PosVendorEntry<unknown>,
  flowhub: flowhubVendor as PosVendorEntry<unknown>,
  cova: covaVendor as PosVendorEntry<unknown>,
  dutchie: dutchieVendor as PosVendorEntry<unknown>,
  blaze: blazeVendor as PosVendorEntry<unknown>,
};

export function registeredVendors(): PosVendor[] {
  return Object.keys(vendors) as PosVendor[];
}

/** The entry for `name`, or `undefined` for a vendor Patron does not (yet) support. */
export function posVendor(name: string): PosVendorEntry<unknown> | undefined {
  return Object.hasOwn(vendors, name) ? vendors[name as PosVendor] : undefined;
}

/** What `vendor`'s create needs of a customer; none for a vendor Patron does not know. */
export function createRequirements(vendor: string): readonly PosCreateRequirement[] {
  return posVendor(vendor)?.createRequires ?? [];
}

/**
 * A client for stored, untrusted credentials: they are validated against the vendor's schema first.
 * @throws Error naming the vendor when it is unknown; a `z.ZodError` when the credentials do not fit.
 */
export function createPosClient(
  vendor: string,
  credentials: unknown,
  options: Omit<PosClientOptions<unknown>, 'credentials'>,
): PosClient {
  const found = posVendor(vendor);
  if (!found) throw new Error(`unsupported POS vendor: ${vendor}`);
  return found.createClient({ ...options, credentials: found.credentialsSchema.parse(credentials) });
}
