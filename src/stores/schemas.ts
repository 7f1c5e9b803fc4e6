/** Wire shapes of the stores endpoints. */
import { z } from 'zod';
import { AddressInput, AddressOutput } from '../domain/customer-schema.ts';
import { Timestamp } from '../http/schemas.ts';

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const NewStoreBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as America/Los_Angeles'),
  address: AddressInput.nullable().optional(),
});

export const StorePatchBody = NewStoreBody.partial();

export const StoreSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    timezone: z.string(),
    address: AddressOutput.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Store' });
