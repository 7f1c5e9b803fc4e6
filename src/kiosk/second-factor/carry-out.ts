/**
 * Doing what a customer asked once the second factor is given: the export mailed to the email on
 * file (or, confirmed by staff, answered to the staff who hand it over; never shown on the kiosk),
 * the erasure, the held identity change, or the renewed medical card (staff's patch, held to the
 * data profile of the kiosk's store, where the card was given). The export is the customer's
 * version, with staff by role.
 */
import { and, eq } from 'drizzle-orm';
import { revokeCustomerTokens } from '../../auth/customer-tokens.ts';
import type { CustomerDeps } from '../../customers/customer-deps.ts';
import { patchCustomer } from '../../customers/customer-writes.ts';
import { type CustomerSelfView, selfView } from '../../customers/self-view.ts';
import { Conflict, Unavailable } from '../../domain/errors.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { type AuditContext, recordAudit } from '../../privacy/audit-log.ts';
import { assembleCustomerAudienceExport } from '../../privacy/customer-audience-export.ts';
import type { CustomerExport, ExportDeps } from '../../privacy/customer-export.ts';
import { eraseConfirmedCustomer } from '../../privacy/erase-customer.ts';
import { customerRequests } from '../tables.ts';
import { identityPatchOf, medicalCardPatchOf } from './held-change.ts';
import { maskedAddress } from './one-time-code.ts';

type Row = typeof customerRequests.$inferSelect;

export interface CarriedOut {
  requestId: string;
  kind: Row['kind'];
  status: 'done';
  /** An export by code: the masked address it was mailed to. */
  sentTo?: string;
  erasureId?: string;
  /** An export confirmed by staff: the customer's version, for staff to hand over. */
  export?: CustomerExport;
  /** An identity change or a card renewal: the customer as they now are. */
  customer?: CustomerSelfView;
}

export const EXPORT_FILENAME = 'customer-data-export.json';

export async function carryOut(
  deps: CustomerDeps & ExportDeps & { mailer: Mailer },
  ctx: AuditContext,
  row: Row,
  by: 'customer' | 'staff',
): Promise<CarriedOut> {
  const done = { requestId: row.id, kind: row.kind, status: 'done' as const };
  try {
    switch (row.kind) {
      case 'export': {
        const exported = await assembleCustomerAudienceExport(deps, row.orgId, row.customerId);
        if (by === 'staff') {
          await recordAudit(deps.db, ctx, { action: 'export', customerId: row.customerId });
          return { ...done, export: exported };
        }
        const email = exported.customer.email;
        if (!email) throw new Conflict('There is no email on file to send the export to; ask the staff.');
        await mailExport(deps.mailer, email, exported);
        await recordAudit(deps.db, ctx, { action: 'export', customerId: row.customerId });
        return { ...done, sentTo: maskedAddress(email) };
      }
      case 'erasure': {
        const { erasureId } = await eraseConfirmedCustomer(deps, ctx, row.customerId);
        await revokeCustomerTokens(deps.db, row.orgId, row.customerId);
        return { ...done, erasureId };
      }
      case 'identity_change': {
        const customer = await patchCustomer(deps, ctx, row.customerId, identityPatchOf(row.change));
        return { ...done, customer: selfView(customer) };
      }
      case 'medical_card_renewal': {
        const patch = medicalCardPatchOf(deps.protection.forOrg(row.orgId), row.change);
        const customer = await patchCustomer(deps, ctx, row.customerId, patch, undefined, { atStoreId: row.storeId });
        return { ...done, customer: selfView(customer) };
      }
    }
  } catch (error) {
    // Not done after all: the request is void, and the customer may ask again.
    await deps.db
      .update(customerRequests)
      .set({ status: 'void' })
      .where(and(eq(customerRequests.orgId, row.orgId), eq(customerRequests.id, row.id)));
    throw error;
  }
}

async function mailExport(mailer: Mailer, to: string, exported: CustomerExport): Promise<void> {
  try {
    await mailer.send({
      to,
      subject: 'A copy of your customer data',
      text:
        'As you asked at the kiosk, attached is everything we hold on you, as JSON. ' +
        'If you did not ask for it, please tell the store.',
      attachments: [
        { filename: EXPORT_FILENAME, content: JSON.stringify(exported, null, 2), contentType: 'application/json' },
      ],
    });
  } catch {
    throw new Unavailable('The export could not be sent by email just now; ask again, or ask the staff.');
  }
}
