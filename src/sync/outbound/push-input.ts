/**
 * The write an update push sends: the POS record as read (so what Patron does not model goes back
 * as it was), with every field the vendor holds set from the record's projection (synced-fields.ts).
 * A carried field Patron has no value for keeps the POS's; a part of one (a card's state) Patron does
 * not know keeps the POS's part; a consent channel the vendor does not hold is left unsaid, so a
 * vendor with one marketing flag (Treez) is not opted out by a channel it cannot tell apart.
 */
import { ID_DOCUMENT_TYPES } from '../../domain/customer-schema.ts';
import { normalizeTag } from '../../domain/tags.ts';
import type { PosAddress, PosCustomer, PosCustomerInput, PosIdDocument, PosMedicalCard } from '../../pos/port.ts';
import { isMerged, type Parts, type Projection, type SyncedField } from '../links/synced-fields.ts';
import { inputOf } from './creates.ts';

export function updateInput(pos: PosCustomer, desired: Projection, fields: readonly SyncedField[]): PosCustomerInput {
  const input = inputOf(pos);
  input.consents = {
    sms: fields.includes('consents.sms') ? pos.consents.sms : null,
    email: fields.includes('consents.email') ? pos.consents.email : null,
  };
  for (const field of fields) {
    const value = desired[field] ?? null;
    if (isMerged(field)) {
      input[field] = value as string | null;
      continue;
    }
    if (value === null) continue;
    switch (field) {
      case 'customerType':
        input.customerType = value as PosCustomerInput['customerType'];
        break;
      case 'medical':
        input.medical = withParts(pos.medical, value as Parts) as unknown as PosMedicalCard;
        break;
      case 'idDocument': {
        const document = withParts(pos.idDocument, value as Parts) as unknown as PosIdDocument;
        input.idDocument = { ...document, type: documentType((value as Parts).type, pos.idDocument?.type) };
        break;
      }
      case 'address':
        input.address = withParts(pos.address, value as Parts) as unknown as PosAddress;
        break;
      case 'consents.sms':
        input.consents.sms = value as boolean;
        break;
      case 'consents.email':
        input.consents.email = value as boolean;
        break;
      case 'tags':
        input.tags = withTags(pos.tags, value as string[]);
        break;
    }
  }
  return input;
}

/** The record's parts over the POS's: a part Patron does not know stays as the POS has it. */
function withParts(held: object | null, parts: Parts): Record<string, string | null> {
  const out: Record<string, string | null> = { ...(held as Record<string, string | null> | null) };
  for (const [key, value] of Object.entries(parts)) out[key] = value ?? out[key] ?? null;
  return out;
}

function documentType(local: string | null | undefined, held: PosIdDocument['type'] | undefined) {
  if (local && (ID_DOCUMENT_TYPES as readonly string[]).includes(local)) return local as PosIdDocument['type'];
  return held ?? 'other';
}

/** The POS's tags as it spells them, plus the record's it does not have yet. */
function withTags(held: readonly string[], tags: readonly string[]): string[] {
  const known = new Set(held.map(normalizeTag));
  return [...held, ...tags.filter((tag) => !known.has(tag))];
}
