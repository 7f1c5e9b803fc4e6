/**
 * Turns a neutral edit (`editCustomer`, field names of `SimCustomerInput`) into the vendor's own
 * field changes, through a small table each vendor's simulator writes: one entry per neutral field
 * its record holds. A field without an entry is refused loudly rather than dropped, so a test never
 * believes it changed what the vendor cannot hold.
 */
import type { PosVendor } from '../port.ts';
import type { SimCustomerInput } from './simulator-types.ts';

export type NeutralFields<R> = {
  [K in keyof SimCustomerInput]-?: (
    value: Exclude<SimCustomerInput[K], undefined>,
    record: R,
  ) => Record<string, unknown>;
};

export function neutralChanges<R>(
  vendor: PosVendor,
  fields: Partial<NeutralFields<R>>,
  changes: SimCustomerInput,
  record: R,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    const write = fields[key as keyof SimCustomerInput] as ((v: unknown, r: R) => Record<string, unknown>) | undefined;
    if (!write)
      throw new Error(`${vendor} simulator: no neutral edit of ${key}; use editRecord in the vendor's folder`);
    // Each entry sees the changes before it: two that write one vendor field (a whole name) compose.
    Object.assign(out, write(value, { ...record, ...out }));
  }
  return out;
}
