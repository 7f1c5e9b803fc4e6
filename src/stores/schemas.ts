/** Wire shapes of the stores endpoints. */
import { z } from 'zod';
import { isUsStateCode } from '../domain/us-states.ts';
import { Timestamp } from '../http/schemas.ts';

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const AddressSchema = z
  .strictObject({
    line1: z.string().trim().min(1).max(200),
    line2: z.string().trim().max(200).nullable().default(null),
    city: z.string().trim().min(1).max(100),
    state: z.string().trim().toUpperCase().refine(isUsStateCode, 'must be a two-letter US state code such as NV'),
    postalCode: z
      .string()
      .trim()
      .regex(/^\d{5}(-\d{4})?$/, 'must be a US ZIP code such as 89101 or 89101-1234'),
    country: z.literal('US', 'must be US').default('US'),
  })
  .meta({ id: 'Address' });

export const NewStoreBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as America/Los_Angeles'),
  address: AddressSchema.nullable().optional(),
});

export const StorePatchBody = NewStoreBody.partial();

export const StoreSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    timezone: z.string(),
    address: z
      .object({
        line1: z.string(),
        line2: z.string().nullable(),
        city: z.string(),
        state: z.string(),
        postalCode: z.string(),
        country: z.string(),
      })
      .nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Store' });
