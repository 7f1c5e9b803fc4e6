/**
 * What a vendor's create needs before it accepts a customer, in Patron's own field paths. Each vendor
 * declares its list in `src/pos/<vendor>/requirements.ts` (citing pos/REFERENCE.md) and registers it
 * in its registration; Patron checks a customer against it before anything is sent, so a refusal the
 * POS would answer later (Flowhub without a state) is a 422 naming the field while someone can still
 * fix it, instead of a link that turns `error` after the caller was told 202.
 */
import type { FieldError } from '../domain/errors.ts';

export interface PosCreateRequirement {
  /** A Patron field path (`address.state`, `phone`): shown in a store's `posRequires`, named in a 422. */
  path: string;
  /** Where the vendor's mapping also takes the value from when `path` is blank (its fallbacks). */
  orFrom?: readonly string[];
  /** Only customers of this type need it (e.g. a card for medical patients). */
  onlyFor?: 'adult' | 'medical';
  /** For the person reading the 422: "Flowhub needs a state in the address to create this customer". */
  message: string;
  /** The pos/REFERENCE.md section it comes from. */
  reference: string;
}

/** A customer as far as the check needs: any object whose nested keys follow Patron's field paths. */
export type CustomerFields = object;

/** The requirements `customer` does not meet, as field errors (path and message), in declaration order. */
export function unmetRequirements(
  requirements: readonly PosCreateRequirement[],
  customer: CustomerFields,
): FieldError[] {
  const type = valueAt(customer, 'customerType');
  return requirements
    .filter((r) => r.onlyFor === undefined || r.onlyFor === type)
    .filter((r) => ![r.path, ...(r.orFrom ?? [])].some((path) => present(valueAt(customer, path))))
    .map((r) => ({ path: r.path, message: r.message }));
}

function valueAt(from: object, path: string): unknown {
  let value: unknown = from;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function present(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  return typeof value !== 'string' || value.trim() !== '';
}
