/**
 * A customer token is easy to come by (a kiosk hands one out for a phone number and a date of birth,
 * which many people know), so what cannot be undone or reveals the most waits for a second factor
 * (issue 12, points 5 and 6): the export of everything held, the erasure, and a change of phone or
 * email. The customer's ask opens a request; it is carried out when the customer types the one-time
 * code mailed to the email on file, or when staff confirm it with the person in front of them. A
 * renewed medical card (issue 15) waits the same way, for staff only: the evidence is the card itself.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, gt, gte, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../../auth/actor.ts';
import { actorRef } from '../../auth/actor.ts';
import type { CustomerDeps } from '../../customers/customer-deps.ts';
import { customers } from '../../customers/tables.ts';
import { Conflict, NotFound, ValidationFailed } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { canSendMail } from '../../mail/unconfigured-mailer.ts';
import { type AuditContext, recordAudit } from '../../privacy/audit-log.ts';
import type { ExportDeps } from '../../privacy/customer-export.ts';
import { customerRequests, type HeldChange } from '../tables.ts';
import { type CarriedOut, carryOut } from './carry-out.ts';
import {
  BURNT_REQUEST_LIMIT,
  BURNT_REQUEST_WINDOW_MS,
  codeHash,
  codeMatches,
  MAILED_CODE_LIMIT,
  MAX_CODE_ATTEMPTS,
  maskedAddress,
  newCode,
  REQUEST_TTL_MS,
} from './one-time-code.ts';

export type CustomerRequestKind = (typeof customerRequests.$inferSelect)['kind'];
export type CustomerRequestRow = typeof customerRequests.$inferSelect;
type CustomerActor = Extract<Actor, { kind: 'customer' }>;

export interface SecondFactorDeps extends CustomerDeps, ExportDeps {
  mailer: Mailer;
}

/** What the customer is told once they asked: how the request can be confirmed, and until when. */
export interface OpenedRequest {
  requestId: string;
  kind: CustomerRequestKind;
  status: 'awaiting_verification';
  /** The masked address the code went to; null when there is no code (staff confirm instead). */
  codeSentTo: string | null;
  confirmWith: ('code' | 'staff')[];
  expiresAt: Date;
}

const PURPOSE: Record<CustomerRequestKind, string> = {
  export: 'send you a copy of everything we hold on you',
  erasure: 'erase your customer record',
  identity_change: 'change your phone number or email',
  medical_card_renewal: 'renew your medical card',
};

/**
 * An identity change asked with a token from a kiosk is confirmed by staff only: the email on file
 * may be the very thing being changed, and the kiosk stands where staff can see who uses it. Every
 * customer token is issued by a kiosk today (src/auth/customer-tokens.ts). A medical card renewal
 * is staff's only too: a code proves who asks, not that the card is real and current.
 */
function codeMayConfirm(kind: CustomerRequestKind, _actor: CustomerActor): boolean {
  return kind !== 'identity_change' && kind !== 'medical_card_renewal';
}

/** Opens a request of `kind` for the caller; an open one of the same kind is void (a fresh code replaces it). */
export async function openRequest(
  deps: SecondFactorDeps,
  ctx: AuditContext,
  me: CustomerActor,
  kind: CustomerRequestKind,
  change?: HeldChange,
): Promise<OpenedRequest> {
  const [person] = await deps.db
    .select({ email: customers.email })
    .from(customers)
    .where(and(eq(customers.orgId, me.orgId), eq(customers.id, me.customerId), isNull(customers.deletedAt)));
  if (!person) throw new NotFound('customer');
  const email = person.email;
  const byCode = email !== null && codeMayConfirm(kind, me) && canSendMail(deps.mailer);
  const code = byCode && !(await codesSpent(deps, me)) ? newCode() : undefined;
  const id = randomUUID();
  const protector = deps.protection.forOrg(me.orgId);
  const expiresAt = new Date(Date.now() + REQUEST_TTL_MS);
  await deps.db.transaction(async (tx) => {
    await tx
      .update(customerRequests)
      .set({ status: 'void', settledAt: new Date(), settledBy: actorRef(me) })
      .where(
        and(
          eq(customerRequests.orgId, me.orgId),
          eq(customerRequests.customerId, me.customerId),
          eq(customerRequests.kind, kind),
          eq(customerRequests.status, 'awaiting_verification'),
        ),
      );
    await tx.insert(customerRequests).values({
      id,
      orgId: me.orgId,
      customerId: me.customerId,
      storeId: me.storeId,
      kind,
      codeHash: code ? codeHash(protector, id, code) : null,
      change: change ?? null,
      requestedBy: actorRef(me),
      expiresAt,
    });
    await recordAudit(tx, ctx, { action: 'second_factor_request', customerId: me.customerId, fields: [kind] });
  });

  let codeSentTo: string | null = null;
  if (code && email) {
    try {
      await deps.mailer.send({
        to: email,
        subject: `Your code: ${code}`,
        text:
          `Someone at a kiosk asked to ${PURPOSE[kind]}. If it was you, type this code at the kiosk:\n\n` +
          `    ${code}\n\nIt works for 10 minutes. If it was not you, ignore this message: nothing happens ` +
          'without the code, and you may tell the store.',
      });
      codeSentTo = maskedAddress(email);
    } catch {
      // The code never reached the customer: only staff can confirm now.
      await deps.db
        .update(customerRequests)
        .set({ codeHash: null })
        .where(and(eq(customerRequests.orgId, me.orgId), eq(customerRequests.id, id)));
    }
  }
  return {
    requestId: id,
    kind,
    status: 'awaiting_verification',
    codeSentTo,
    confirmWith: codeSentTo ? ['code', 'staff'] : ['staff'],
    expiresAt,
  };
}

/**
 * Whether no new code is sent to the customer this hour, staff confirming instead: after requests
 * that ran out of tries (five guesses per request would otherwise add up, request after request),
 * or after as many codes as a person needs (a token opening request after request would otherwise
 * flood the mailbox of the address on file).
 */
async function codesSpent(deps: SecondFactorDeps, me: CustomerActor): Promise<boolean> {
  const [row] = await deps.db
    .select({
      burnt: sql<number>`count(*) FILTER (WHERE ${gte(customerRequests.attempts, MAX_CODE_ATTEMPTS)})::int`,
      mailed: sql<number>`count(*) FILTER (WHERE ${isNotNull(customerRequests.codeHash)})::int`,
    })
    .from(customerRequests)
    .where(
      and(
        eq(customerRequests.orgId, me.orgId),
        eq(customerRequests.customerId, me.customerId),
        gt(customerRequests.createdAt, new Date(Date.now() - BURNT_REQUEST_WINDOW_MS)),
      ),
    );
  return (row?.burnt ?? 0) >= BURNT_REQUEST_LIMIT || (row?.mailed ?? 0) >= MAILED_CODE_LIMIT;
}

type Attempt =
  | { outcome: 'accepted'; row: CustomerRequestRow }
  | { outcome: 'wrong'; left: number }
  | { outcome: 'expired' };

/** POST /me/requests/{id}/verify: the customer types the code; the request is carried out when it is right. */
export async function verifyRequest(
  deps: SecondFactorDeps,
  ctx: AuditContext,
  me: CustomerActor,
  requestId: string,
  code: string,
): Promise<CarriedOut> {
  if (!isUuid(requestId)) throw new NotFound('request');
  const protector = deps.protection.forOrg(me.orgId);
  const attempt = await deps.db.transaction(async (tx): Promise<Attempt> => {
    const [row] = await tx
      .select()
      .from(customerRequests)
      .where(
        and(
          eq(customerRequests.orgId, me.orgId),
          eq(customerRequests.id, requestId),
          eq(customerRequests.customerId, me.customerId),
        ),
      )
      .for('update');
    if (!row) throw new NotFound('request');
    assertOpen(row);
    if (!row.codeHash) {
      throw new Conflict('This request is confirmed by staff only: ask a member of staff at the counter.');
    }
    const settle = (status: 'done' | 'void') =>
      tx
        .update(customerRequests)
        .set({ status, settledAt: new Date(), settledBy: actorRef(me) })
        .where(and(eq(customerRequests.orgId, me.orgId), eq(customerRequests.id, row.id)));
    if (row.expiresAt.getTime() <= Date.now()) {
      await settle('void');
      return { outcome: 'expired' };
    }
    if (!codeMatches(protector, row.id, code, row.codeHash)) {
      const attempts = row.attempts + 1;
      const left = MAX_CODE_ATTEMPTS - attempts;
      await tx
        .update(customerRequests)
        .set({ attempts })
        .where(and(eq(customerRequests.orgId, me.orgId), eq(customerRequests.id, row.id)));
      if (left <= 0) await settle('void');
      const fields = [row.kind, left <= 0 ? 'void' : 'wrong_code'];
      await recordAudit(tx, ctx, { action: 'second_factor_verify', customerId: me.customerId, fields });
      return { outcome: 'wrong', left };
    }
    await settle('done');
    await recordAudit(tx, ctx, {
      action: 'second_factor_verify',
      customerId: me.customerId,
      fields: [row.kind, 'accepted'],
    });
    return { outcome: 'accepted', row };
  });
  if (attempt.outcome === 'expired') throw new Conflict('This request has expired; ask again.');
  if (attempt.outcome === 'wrong') {
    throw ValidationFailed.field(
      'code',
      attempt.left > 0
        ? `is not the code that was sent; ${attempt.left} ${attempt.left === 1 ? 'try' : 'tries'} left`
        : 'was wrong too many times: this request is void; ask again for a new code',
    );
  }
  return carryOut(deps, ctx, attempt.row, 'customer');
}

/** Refuses a request that is no longer open, saying why. */
export function assertOpen(row: CustomerRequestRow): void {
  if (row.status === 'done') throw new Conflict('This request was already carried out.');
  if (row.status === 'void')
    throw new Conflict('This request is void (replaced, expired or too many wrong codes); ask again.');
}

/** Open requests of the organization, still within their time. */
export const openNow = () =>
  and(eq(customerRequests.status, 'awaiting_verification'), gt(customerRequests.expiresAt, new Date()));
