/**
 * Masking of the numbers that identify a person (medical card, ID document) for roles below
 * manager: only the last 4 characters show, e.g. `••••1234`. Which roles see what is decided by
 * the service; this only says how a masked value looks.
 */
export const MASK = '••••';
const VISIBLE = 4;

/** `D12345678` -> `••••5678`; a value of 4 characters or fewer is masked entirely. */
export function maskSecret(value: string): string {
  const characters = Array.from(value);
  return characters.length > VISIBLE ? `${MASK}${characters.slice(-VISIBLE).join('')}` : MASK;
}

export function isMasked(value: string): boolean {
  return value.startsWith(MASK);
}

interface WithSecrets {
  medical: { cardNumber: string } | null;
  idDocument: { number: string } | null;
}

/** `customer` with its card and ID numbers masked; the original is left untouched. */
export function maskCustomer<T extends WithSecrets>(customer: T): T {
  return {
    ...customer,
    medical:
      customer.medical === null ? null : { ...customer.medical, cardNumber: maskSecret(customer.medical.cardNumber) },
    idDocument:
      customer.idDocument === null ? null : { ...customer.idDocument, number: maskSecret(customer.idDocument.number) },
  };
}
