/** Wire shapes of the privacy endpoints: the customer export and the data policy. */
import { z } from 'zod';
import { AuditEntrySchema, ConsentEntrySchema } from '../customers/schemas.ts';
import { Customer } from '../domain/customer-schema.ts';
import { Timestamp } from '../http/schemas.ts';

export const CustomerExportSchema = z
  .object({
    exportedAt: Timestamp,
    customer: Customer.extend({ lastVisitAt: Timestamp.nullable() }),
    mergedRecords: z.array(Customer.extend({ mergedAt: Timestamp.nullable() })),
    consents: z.array(ConsentEntrySchema).describe('The consent ledger, newest first'),
    links: z.array(
      z.object({
        storeId: z.uuid(),
        storeName: z.string(),
        vendor: z.string().nullable(),
        externalId: z.string().nullable(),
        status: z.string(),
        lastSyncedAt: Timestamp.nullable(),
        lastSeenAt: Timestamp.nullable(),
        lastError: z.string().nullable(),
        issues: z.array(z.object({ field: z.string(), problem: z.string() })),
        createdAt: Timestamp,
      }),
    ),
    syncConflicts: z.array(
      z.object({
        storeId: z.uuid(),
        field: z.string(),
        localValue: z.unknown(),
        posValue: z.unknown(),
        status: z.string(),
        detectedAt: Timestamp,
        resolvedAt: Timestamp.nullable(),
      }),
    ),
    syncHistory: z.array(
      z.object({
        kind: z.string(),
        fields: z.array(z.string()),
        originStoreId: z.uuid().nullable(),
        createdAt: Timestamp,
        dispatchedAt: Timestamp.nullable(),
      }),
    ),
    audit: z
      .array(AuditEntrySchema.extend({ origin: z.string().nullable() }))
      .describe('Who viewed, searched, changed or exported this customer, oldest first'),
  })
  .meta({ id: 'CustomerExport', description: 'Everything held on one customer (data-subject access request)' });
