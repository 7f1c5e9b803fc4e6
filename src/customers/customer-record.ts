/**
 * A customer between its database row and the API resource: encryption of card and ID numbers on
 * the way in (with their blind indexes), decryption and role-based masking on the way out.
 */

import type { Customer, CustomerField, NewCustomer } from '../domain/customer-schema.ts';
import { nameKey, normalizeIdNumber } from '../domain/identity.ts';
import { maskSecret } from '../domain/masking.ts';
import { loyaltyView, type StoreBalance } from '../loyalty/balances.ts';
import type { FieldProtector } from '../privacy/field-protector.ts';
import type { customers } from './tables.ts';

export type CustomerRow = typeof customers.$inferSelect;
type CustomerColumns = Omit<typeof customers.$inferInsert, 'id' | 'orgId' | 'version' | 'createdAt' | 'updatedAt'>;

/** The stored form of a customer's own fields (consents come from the ledger, see consents.ts). */
export function toColumns(customer: NewCustomer, protector: FieldProtector): Omit<CustomerColumns, 'consents'> {
  const card = customer.customerType === 'medical' ? customer.medical : null;
  // Numbers are kept as written on the card (dashes and all) and matched by their normalized form.
  const idNumber = customer.idDocument?.number ?? null;
  const cardNumber = card?.cardNumber ?? null;
  return {
    firstName: customer.firstName,
    lastName: customer.lastName,
    preferredName: customer.preferredName,
    dateOfBirth: customer.dateOfBirth,
    phone: customer.phone,
    email: customer.email,
    customerType: customer.customerType,
    medicalCardNumberEnc: cardNumber ? protector.encrypt('medicalCardNumber', cardNumber) : null,
    medicalCardNumberIndex: cardNumber
      ? protector.blindIndex('medicalCardNumber', normalizeIdNumber(cardNumber))
      : null,
    medicalState: card?.state ?? null,
    medicalExpiresOn: card?.expiresOn ?? null,
    idDocumentType: customer.idDocument?.type ?? null,
    idDocumentNumberEnc: idNumber ? protector.encrypt('idNumber', idNumber) : null,
    idDocumentNumberIndex: idNumber ? protector.blindIndex('idNumber', normalizeIdNumber(idNumber)) : null,
    idDocumentState: customer.idDocument?.state ?? null,
    idDocumentExpiresOn: customer.idDocument?.expiresOn ?? null,
    address: customer.address,
    tags: customer.tags,
    notes: customer.notes,
    homeStoreId: customer.homeStoreId,
    nameKey: nameKey(customer.firstName, customer.lastName, customer.dateOfBirth),
  };
}

type StoredColumns = ReturnType<typeof toColumns>;

const MEDICAL_COLUMNS = ['medicalCardNumberEnc', 'medicalCardNumberIndex', 'medicalState', 'medicalExpiresOn'] as const;

/** The columns each client-settable field is stored in (consents live in the ledger). */
const COLUMNS_OF: Record<CustomerField, readonly (keyof StoredColumns)[]> = {
  firstName: ['firstName', 'nameKey'],
  lastName: ['lastName', 'nameKey'],
  preferredName: ['preferredName'],
  dateOfBirth: ['dateOfBirth', 'nameKey'],
  phone: ['phone'],
  email: ['email'],
  // A card is held for medical customers only (`toColumns`).
  customerType: ['customerType', ...MEDICAL_COLUMNS],
  medical: MEDICAL_COLUMNS,
  idDocument: [
    'idDocumentType',
    'idDocumentNumberEnc',
    'idDocumentNumberIndex',
    'idDocumentState',
    'idDocumentExpiresOn',
  ],
  address: ['address'],
  consents: [],
  tags: ['tags'],
  notes: ['notes'],
  homeStoreId: ['homeStoreId'],
};

/**
 * The stored form of the fields an edit changed, and only those: what the edit did not touch stays
 * exactly as held, e.g. an imported card without a state (which the API's own form would write back
 * as an empty string) or a POS's phone that could not be normalized.
 */
export function changedColumns(
  customer: NewCustomer,
  changed: readonly CustomerField[],
  protector: FieldProtector,
): Partial<StoredColumns> {
  const all = toColumns(customer, protector);
  const wanted = new Set(changed.flatMap((field) => COLUMNS_OF[field]));
  return Object.fromEntries(Object.entries(all).filter(([column]) => wanted.has(column as keyof StoredColumns)));
}

/**
 * The API resource; card and ID numbers in full only when `fullNumbers` (manager and above).
 * `balances` are the customer's loyalty balances by store (loyalty/balances.ts `balancesOf`).
 */
export function toCustomer(
  row: CustomerRow,
  protector: FieldProtector,
  fullNumbers: boolean,
  balances: readonly StoreBalance[],
): Customer {
  const reveal = (field: 'idNumber' | 'medicalCardNumber', enc: string) => {
    const plain = protector.decrypt(field, enc);
    return fullNumbers ? plain : maskSecret(plain);
  };
  return {
    id: row.id,
    version: row.version,
    firstName: row.firstName ?? '',
    lastName: row.lastName ?? '',
    preferredName: row.preferredName,
    dateOfBirth: row.dateOfBirth ?? '',
    phone: row.phone,
    email: row.email,
    customerType: row.customerType,
    medical:
      row.customerType === 'medical' && row.medicalCardNumberEnc
        ? {
            cardNumber: reveal('medicalCardNumber', row.medicalCardNumberEnc),
            state: row.medicalState ?? '',
            expiresOn: row.medicalExpiresOn ?? '',
          }
        : null,
    idDocument:
      row.idDocumentType && row.idDocumentNumberEnc
        ? {
            type: row.idDocumentType as NonNullable<Customer['idDocument']>['type'],
            number: reveal('idNumber', row.idDocumentNumberEnc),
            state: row.idDocumentState,
            expiresOn: row.idDocumentExpiresOn,
          }
        : null,
    address: row.address ?? null,
    consents: row.consents,
    tags: row.tags,
    notes: row.notes,
    ...loyaltyView(balances),
    homeStoreId: row.homeStoreId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
