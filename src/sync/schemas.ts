/** Wire shapes of the integration and sync endpoints (API.md "Stores, integrations, sync"). */
import { z } from 'zod';
import { PageQuery, Timestamp } from '../http/schemas.ts';

export const IntegrationBody = z.strictObject({
  vendor: z.string().min(1).max(40),
  /** Checked against the vendor's own schema in the service; omitted keeps the stored ones. */
  credentials: z.record(z.string(), z.unknown()).optional(),
  pollIntervalSeconds: z.number().int().min(15).max(86_400).default(300),
  enabled: z.boolean().default(true),
  webhookSecret: z
    .string()
    .min(24)
    .max(200)
    .optional()
    .describe(
      'Key of the inbound webhook signature (Patron-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">). ' +
        'Omitted: the stored one is kept, or, when there is none, one is generated and answered once in `webhookSecret`.',
    ),
});

/** Never carries credentials: the response schema strips anything not listed. */
export const IntegrationSchema = z
  .object({
    storeId: z.uuid(),
    vendor: z.string(),
    baseUrl: z.string(),
    configured: z.literal(true),
    enabled: z.boolean(),
    pollIntervalSeconds: z.number().int(),
    status: z.enum(['never', 'ok', 'error']).describe('Health of the last pull'),
    lastSyncAt: Timestamp.nullable(),
    lastError: z.string().nullable(),
    cursor: z.object({
      since: z.string().nullable().describe('Every vendor change up to here has been applied'),
      passInProgress: z.enum(['incremental', 'full']).nullable(),
    }),
    webhookConfigured: z.boolean().describe('POST /webhooks/{vendor}/{storeId} is accepted when signed with the key'),
    webhookSecret: z
      .string()
      .optional()
      .describe('Only in the answer to the PUT that generated the key; it is never shown again'),
  })
  .meta({ id: 'Integration' });

export const IntegrationTestSchema = z.object({ ok: z.boolean(), detail: z.string() });

export const SyncRequestBody = z.strictObject({ mode: z.enum(['incremental', 'full']).default('incremental') });

export const SyncRunStats = z.object({
  fetched: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  linked: z.number().int(),
  conflicts: z.number().int(),
  quarantined: z.number().int(),
  pushed: z.number().int(),
  errors: z.number().int(),
});

export const SyncRunSchema = z
  .object({
    id: z.uuid(),
    storeId: z.uuid(),
    mode: z.enum(['incremental', 'full']),
    trigger: z.enum(['schedule', 'request', 'demo', 'webhook']),
    status: z.enum(['queued', 'running', 'succeeded', 'failed']),
    stats: SyncRunStats,
    notSeen: z.number().int().nullable().describe('Full resync: links of the store the POS no longer listed'),
    attempts: z.number().int(),
    createdAt: Timestamp,
    startedAt: Timestamp.nullable(),
    finishedAt: Timestamp.nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'SyncRun' });

export const SyncRunErrorSchema = z
  .object({
    at: Timestamp,
    kind: z
      .enum(['quarantined', 'run'])
      .describe("quarantined: a record the run could not take; run: the run's own error"),
    externalId: z.string().nullable().optional().describe("The record's id at the POS, when it could be read"),
    reason: z.string().describe('Names fields, never their values'),
  })
  .meta({ id: 'SyncRunError', description: 'One error of a sync run; payloads are never answered' });

export const SyncRunListQuery = PageQuery.extend({
  storeId: z.uuid().optional(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']).optional(),
});

export const StoreSyncHealthSchema = z.object({
  storeId: z.uuid(),
  vendor: z.string(),
  enabled: z.boolean(),
  status: z.enum(['never', 'ok', 'error']),
  lastSyncAt: Timestamp.nullable(),
  lastError: z.string().nullable(),
  errors24h: z.number().int().describe('Failed runs and record errors in the last 24 hours'),
  openConflicts: z.number().int(),
  quarantined24h: z.number().int(),
});

export const CustomerSyncStateSchema = z.object({
  storeId: z.uuid(),
  vendor: z.string().nullable(),
  externalId: z.string().nullable().describe('The POS id; null while Patron is still creating the customer there'),
  status: z.enum(['synced', 'pending', 'error', 'conflict']),
  lastSyncedAt: Timestamp.nullable(),
  lastError: z.string().nullable(),
  refusedFields: z
    .array(
      z.object({
        field: z.string().nullable().describe('The Patron field path the POS objected to; null when it named none'),
        message: z.string().describe("The POS's objection in plain words (never the value)"),
      }),
    )
    .describe('What the POS refused in the last refused push; empty once a push is accepted'),
  retired: z
    .array(
      z.object({
        externalId: z.string().nullable(),
        customerId: z.uuid().describe('The merged-away customer the record was linked to'),
        status: z
          .enum(['pending', 'deactivated', 'blanked', 'failed'])
          .describe(
            'pending: due at the POS; deactivated: blanked and deactivated; blanked: the vendor cannot deactivate',
          ),
        detail: z.string().nullable().describe('Why it failed (non-personal)'),
        retiredAt: Timestamp.nullable(),
      }),
    )
    .describe("The store's other POS records of this person, retired when their customers were merged into this one"),
});

export const LinkParams = z.object({ id: z.string().max(100), storeId: z.string().max(100) });

export const PushAnswerSchema = z.object({
  status: z.literal('pending').describe('The push is queued; the link shows how it went'),
});

export const LinkAnswerSchema = z.object({
  externalId: z.string().nullable().describe('Null in a 202 answer: the link turns `synced` later'),
});

export const SyncConflictSchema = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    storeId: z.uuid(),
    field: z.string(),
    localValue: z.string().nullable(),
    posValue: z.string().nullable(),
    status: z.enum(['open', 'resolved']),
    detectedAt: Timestamp,
    resolvedAt: Timestamp.nullable(),
  })
  .meta({ id: 'SyncConflict' });

export const SyncConflictListQuery = PageQuery.extend({ status: z.enum(['open', 'resolved']).optional() });

export const SyncQuarantineListQuery = PageQuery.extend({
  storeId: z.uuid().optional().describe("Only this store's records"),
  status: z.enum(['open', 'resolved']).optional().describe('open (default): not yet resolved'),
});

export const QuarantinedRecordSchema = z
  .object({
    id: z.uuid(),
    storeId: z.uuid(),
    storeName: z.string(),
    vendor: z.string().nullable().describe("The store's POS vendor (null when its integration was removed)"),
    externalId: z.string().nullable().describe("The record's id at the POS, when it could be read"),
    reason: z.string().describe('Why the record was not taken; names fields, never their values'),
    runId: z.uuid().nullable().describe('The sync run that met it'),
    quarantinedAt: Timestamp,
    resolvedAt: Timestamp.nullable(),
  })
  .meta({
    id: 'QuarantinedRecord',
    description: 'A POS record a pull could not read or apply; its payload is kept sealed and never answered',
  });

export const ResolveConflictBody = z.strictObject({ keep: z.enum(['local', 'pos']) });
