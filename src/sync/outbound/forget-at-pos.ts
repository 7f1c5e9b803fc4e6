/**
 * What Patron asks of a POS that should no longer hold a person's record: after an erasure
 * (erasure-propagation.ts) and for the second POS record of a merged pair at one store
 * (merge-links.ts). The record is blanked (no name, contact, birthday, documents or notes) and,
 * where the vendor's API can (Treez status [REFERENCE 1.4], Cova disable [3.3]), deactivated too, so
 * nobody rings it up again. No vendor documents a call that merges two customers (Treez, Cova and
 * Dutchie only show merges made at the POS on reads [1.4, 3.4, 4.4]), so none is merged through the API.
 */
import { isPosError, type PosClient, PosNotFound } from '../../pos/port.ts';

/** What stays of the person at the POS after blanking. */
export const BLANK = {
  firstName: 'Erased',
  lastName: 'Customer',
  preferredName: null,
  phone: null,
  email: null,
  notes: null,
};

const NO_ADDRESS = { line1: null, line2: null, city: null, state: null, postalCode: null, country: null };

export interface Forgotten {
  /** `deactivated`: blanked and deactivated; `blanked`: the vendor cannot deactivate; `failed`: see `detail`. */
  outcome: 'deactivated' | 'blanked' | 'failed';
  /** Non-personal. */
  detail: string | null;
}

/** Throws transient POS errors (the job retries); a refusal or a missing record is an outcome. */
export async function forgetAtPos(client: PosClient, externalId: string): Promise<Forgotten> {
  try {
    const pos = await client.get(externalId);
    await client.update(externalId, {
      ...pos,
      ...BLANK,
      middleName: null,
      // The conventional placeholder (read back as "no date"): vendors such as Treez require one.
      dateOfBirth: '1900-01-01',
      // Only the state is kept: some vendors require it on every write (Flowhub [REFERENCE 2.4])
      // and refuse the whole blanking without it; a state alone identifies nobody.
      address: pos.address?.state ? { ...NO_ADDRESS, state: pos.address.state, country: pos.address.country } : null,
      idDocument: null,
      medical: null,
      consents: { sms: false, email: false },
      tags: [],
    });
    // Blanked first: a vendor may refuse edits of a deactivated record.
    if (client.capabilities.deactivate && client.deactivate) {
      await client.deactivate(externalId);
      return { outcome: 'deactivated', detail: null };
    }
    return { outcome: 'blanked', detail: `${client.vendor} cannot deactivate a customer through its API` };
  } catch (error) {
    if (error instanceof PosNotFound) return { outcome: 'deactivated', detail: 'the POS no longer had this customer' };
    if (isPosError(error) && !error.transient) {
      return {
        outcome: 'failed',
        detail: `${client.vendor} could not do it: ${error.kind}: ${error.message}`.slice(0, 500),
      };
    }
    throw error;
  }
}
