/** Wire shapes of the privacy endpoints: the erasure, the customer export and the data policy. */
import { z } from 'zod';
import { AuthorizationEntrySchema } from '../customers/authorization-schemas.ts';
import { AuditEntrySchema, ConsentEntrySchema } from '../customers/schemas.ts';
import { Customer } from '../domain/customer-schema.ts';
import { PageQuery, Timestamp } from '../http/schemas.ts';
import { RETENTION_ACTIONS } from './data-policy.ts';
import { MAX_SWEPT_PER_RUN } from './retention.ts';

/** DELETE /customers/{id}: the erasure, to follow at GET /erasures/{id}. */
export const ErasureAnswer = z.object({ erasureId: z.uuid() });

export const CustomerExportSchema = z
  .object({
    exportedAt: Timestamp,
    customer: Customer.extend({ lastVisitAt: Timestamp.nullable() }),
    mergedRecords: z.array(Customer.extend({ mergedAt: Timestamp.nullable() })),
    consents: z.array(ConsentEntrySchema).describe('The consent ledger, newest first'),
    authorizations: z
      .array(AuthorizationEntrySchema)
      .describe("Written authorizations a store's data profile asked for, newest first"),
    kioskOrders: z
      .array(
        z.object({
          storeId: z.uuid(),
          orderRef: z.string(),
          posCustomerId: z.string().nullable(),
          createdAt: Timestamp,
        }),
      )
      .describe('Kiosk orders the person was attached to, oldest first'),
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

export const DataPolicySchema = z
  .strictObject({
    inactiveRetentionDays: z
      .number()
      .int()
      .min(30)
      .max(36_500)
      .nullable()
      .describe('Customers with no visit and no change for this many days are swept; null keeps them'),
    action: z.enum(RETENTION_ACTIONS),
    flagExpiredMedicalCards: z.boolean(),
  })
  .meta({ id: 'DataPolicy' });

export const SweepPreviewSchema = z
  .object({
    policy: DataPolicySchema,
    asOf: Timestamp,
    inactiveBefore: Timestamp.nullable(),
    inactive: z.object({
      count: z.number().int().describe(`How many the next sweep would touch (at most ${MAX_SWEPT_PER_RUN})`),
      action: z.enum(RETENTION_ACTIONS).nullable(),
      sample: z.array(z.object({ customerId: z.uuid(), lastActivityAt: Timestamp })),
    }),
    expiredMedicalCards: z.object({ toFlag: z.number().int(), alreadyFlagged: z.number().int() }),
  })
  .meta({ id: 'RetentionPreview', description: 'What the next retention sweep would do; nothing is changed' });

export const DataQualityQuery = PageQuery.extend({ kind: z.enum(['medical_card_expired']).optional() });

export const DataQualityFlagSchema = z
  .object({ customerId: z.uuid(), kind: z.enum(['medical_card_expired']), detectedAt: Timestamp })
  .meta({ id: 'DataQualityFlag' });

export const ErasureSchema = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    requestedAt: Timestamp,
    stores: z.array(
      z.object({
        storeId: z.uuid(),
        vendor: z.string().nullable(),
        status: z
          .enum(['done', 'failed', 'unsupported', 'pending'])
          .describe(
            'done: blanked, and deactivated where the vendor can; failed: the POS refused (see detail); unsupported: Patron cannot reach that POS, erase at the register; pending: not answered yet',
          ),
        detail: z.string().nullable().describe('Non-personal: what the POS did, or why it could not'),
      }),
    ),
  })
  .meta({ id: 'Erasure' });
