/**
 * Creating a customer in a POS without ever creating them twice. No vendor offers idempotency keys
 * and the port does not retry a create on an ambiguous failure (PosClient.create), so:
 * 1. where the vendor can look customers up, look first: a POS record of the same person (same
 *    date of birth and last name, same phone or email) is adopted instead of creating another;
 * 2. a marker (`pending_create_at`) is committed before the create call;
 * 3. a retry that finds the marker looks again, and for a vendor without look-ups reads the records
 *    changed since the marker, before creating;
 * 4. the marker is committed only while the push still holds its job (`JobClaim`), and a retry that
 *    finds a marker younger than `createSettleMs` first waits that long: the attempt that set it may
 *    be a stalled worker whose create is still on its way to the POS, and a look-up before it lands
 *    would not find it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { and, eq, sql } from 'drizzle-orm';
import { isUniqueViolation } from '../../db/errors.ts';
import { customerLinks } from '../../db/schema.ts';
import type { PosClient, PosCustomer, PosCustomerInput } from '../../pos/port.ts';
import { DEFAULT_TIMEOUT_MS } from '../../pos/transport.ts';
import type { FieldProtector } from '../../privacy/field-protector.ts';
import type { JobClaim } from '../jobs/job-claim.ts';
import { type Projection, projectLocal, type SyncedField } from '../links/synced-fields.ts';
import type { CustomerRow, LinkRow, PushDeps } from './push-types.ts';

/** How far before the marker a look-up by listing starts (vendor clocks and our own differ). */
const MARKER_SLACK_MS = 10 * 60_000;
/** Pages a look-up by listing reads at most: it is a recovery path, bounded. */
const MAX_SCAN_PAGES = 50;
/**
 * How long after its marker a create may still land at the POS: the client's call timeout, and 5 s
 * for a wait in its rate limiter before the call goes out. A retry after a lost heartbeat rarely
 * waits: `hold` refreshed the heartbeat with the marker, so the job is failed `heartbeatSeconds` later
 * at the earliest; one after an expiry or a worker's shutdown may start at once.
 */
export const CREATE_SETTLE_MS = DEFAULT_TIMEOUT_MS + 5_000;

export type CreateResult =
  | { kind: 'created'; pos: PosCustomer; sent: Projection }
  | { kind: 'adopted'; pos: PosCustomer };

export async function createAtPos(
  deps: PushDeps,
  client: PosClient,
  link: LinkRow,
  customer: CustomerRow,
  fields: readonly SyncedField[],
  claim?: JobClaim,
): Promise<CreateResult> {
  if (link.pendingCreateAt) await letEarlierCreateLand(deps, link, claim);
  const found = await lookUp(client, customer, link.pendingCreateAt);
  if (found) {
    await adopt(deps, link, found.externalId);
    return { kind: 'adopted', pos: found };
  }
  await deps.db.transaction(async (tx) => {
    await claim?.hold(tx);
    // The database's clock, which every worker's wait for it reads.
    await tx
      .update(customerLinks)
      .set({ pendingCreateAt: sql`now()`, status: 'pending' })
      .where(and(eq(customerLinks.orgId, link.orgId), eq(customerLinks.id, link.id)));
  });
  const protector = deps.protection.forOrg(link.orgId);
  const sent = projectLocal(customer, fields, protector);
  const input = fullInput(customer, protector);
  // Consent only where it was stated and the vendor holds the channel: Treez's one flag would
  // otherwise opt an SMS subscriber out for an email choice never made.
  input.consents = {
    sms: (sent['consents.sms'] as boolean | null | undefined) ?? null,
    email: (sent['consents.email'] as boolean | null | undefined) ?? null,
  };
  const pos = await client.create(input);
  return { kind: 'created', pos, sent };
}

/** Waits until a create begun under the link's marker can no longer be in flight (see point 4 above). */
async function letEarlierCreateLand(deps: PushDeps, link: LinkRow, claim: JobClaim | undefined) {
  const settleMs = deps.createSettleMs ?? CREATE_SETTLE_MS;
  const [row] = await deps.db
    .select({
      waitMs: sql<number>`greatest(0, ceil(extract(epoch from ${customerLinks.pendingCreateAt} - now()) * 1000 + ${settleMs}::int))::int`,
    })
    .from(customerLinks)
    .where(and(eq(customerLinks.orgId, link.orgId), eq(customerLinks.id, link.id)));
  const waitMs = row?.waitMs ?? 0;
  if (waitMs === 0) return;
  await sleep(waitMs, undefined, claim ? { signal: claim.signal } : {}).catch((error) => {
    claim?.stopIfLost();
    throw error;
  });
}

async function adopt(deps: PushDeps, link: LinkRow, externalId: string) {
  try {
    await deps.db
      .update(customerLinks)
      .set({ externalId, pendingCreateAt: null })
      .where(and(eq(customerLinks.orgId, link.orgId), eq(customerLinks.id, link.id)));
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new AlreadyLinkedElsewhere();
  }
}

/** The POS record is linked to another Patron customer: two local records of one person (a manager merges them). */
export class AlreadyLinkedElsewhere extends Error {
  constructor() {
    super('the POS customer is already linked to another Patron customer');
  }
}

async function lookUp(client: PosClient, customer: CustomerRow, marker: Date | null): Promise<PosCustomer | undefined> {
  const candidates: PosCustomer[] = [];
  const { capabilities } = client;
  if (customer.phone && capabilities.findByPhone && client.findByPhone) {
    candidates.push(...(await client.findByPhone(customer.phone)).customers);
  }
  if (customer.email && capabilities.findByEmail && client.findByEmail) {
    candidates.push(...(await client.findByEmail(customer.email)).customers);
  }
  const match = candidates.find((pos) => samePerson(pos, customer));
  if (match || !marker || capabilities.findByPhone || capabilities.findByEmail) return match;
  // No look-ups at this vendor, and an earlier attempt may have created them: read what changed since.
  let pages = 0;
  const since = new Date(marker.getTime() - MARKER_SLACK_MS).toISOString();
  for await (const page of client.listChangedSince({ since, resume: null })) {
    const hit = page.customers.find((pos) => samePerson(pos, customer));
    if (hit) return hit;
    pages += 1;
    if (pages >= MAX_SCAN_PAGES) break;
  }
  return undefined;
}

function samePerson(pos: PosCustomer, customer: CustomerRow): boolean {
  if (pos.status !== 'active') return false;
  if (pos.dateOfBirth !== null && pos.dateOfBirth !== customer.dateOfBirth) return false;
  if ((pos.lastName ?? '').toLowerCase() !== (customer.lastName ?? '').toLowerCase()) return false;
  return (
    (customer.phone !== null && pos.phone === customer.phone) ||
    (customer.email !== null && pos.email === customer.email)
  );
}

/** Everything Patron models of the customer, as a POS write. */
export function fullInput(customer: CustomerRow, protector: FieldProtector): PosCustomerInput {
  const card = customer.customerType === 'medical' && customer.medicalCardNumberEnc;
  return {
    firstName: customer.firstName,
    middleName: null,
    lastName: customer.lastName,
    preferredName: customer.preferredName,
    dateOfBirth: customer.dateOfBirth,
    gender: null,
    phone: customer.phone,
    email: customer.email,
    customerType: customer.customerType,
    medical: card
      ? {
          cardNumber: protector.decrypt('medicalCardNumber', customer.medicalCardNumberEnc!),
          state: customer.medicalState,
          expiresOn: customer.medicalExpiresOn,
        }
      : null,
    idDocument:
      customer.idDocumentNumberEnc && customer.idDocumentType
        ? {
            type: customer.idDocumentType as 'drivers_license',
            number: protector.decrypt('idNumber', customer.idDocumentNumberEnc),
            state: customer.idDocumentState,
            expiresOn: customer.idDocumentExpiresOn,
          }
        : null,
    address: customer.address,
    consents: { sms: customer.consents.sms.granted, email: customer.consents.email.granted },
    loyaltyPoints: null,
    tags: customer.tags,
    notes: customer.notes,
    banned: null,
  };
}

/** A POS record as a write of the same values (what Patron does not model is written back as read). */
export function inputOf(pos: PosCustomer): PosCustomerInput {
  const {
    externalId: _id,
    status: _status,
    mergedIntoExternalId: _into,
    mergedExternalIds: _merged,
    createdAt: _created,
    updatedAt: _updated,
    lastVisitAt: _visit,
    issues: _issues,
    ...input
  } = pos;
  return input;
}
