/**
 * What a POS says about marketing consent, as ledger statements with source `pos`. Only what the POS
 * positively says changed is a statement: a flag equal to what that POS said before (the link's
 * base) says nothing new, and on a first read (no base, or a flag it held no value for) a value
 * equal to the vendor's default for a customer nobody asked (`capabilities.unsetConsent`, e.g.
 * Cova's `DoNotContact` defaulting to true) cannot be told from "never asked", so it is no
 * statement either: "no answer" never becomes an opt-out or an opt-in. A statement is then added
 * only when it differs from the current state and is newer than it: the ledger's own order (latest
 * wins, a withdrawal wins a tie) makes an opt-out beat any older opt-in, wherever each was given,
 * and an old POS value never overrides a newer choice made elsewhere. A statement keeps the POS's
 * time of the change only when that time is not in the future.
 */
import type { ConsentStatement } from '../../customers/consents.ts';
import type { ConsentStateColumn } from '../../customers/tables.ts';
import { statementTime } from '../../domain/consent-statements.ts';
import type { PosCapabilities, PosCustomer } from '../../pos/port.ts';
import type { Projection } from '../links/synced-fields.ts';

export interface PosConsentContext {
  vendor: string;
  /** The link's base: what this POS said before; `undefined` on the first read of a fresh link. */
  base: Projection | undefined;
  /** What the vendor's flags read as for a customer nobody asked (`PosCapabilities.unsetConsent`). */
  unsetConsent: boolean | null;
  now: Date;
}

/** A vendor that does not declare it is read cautiously: its `false` may be nobody's answer. */
export function unsetConsentOf(capabilities: PosCapabilities): boolean | null {
  return capabilities.unsetConsent === undefined ? false : capabilities.unsetConsent;
}

export function consentStatementsFromPos(
  pos: PosCustomer,
  held: { sms: ConsentStateColumn; email: ConsentStateColumn },
  said: PosConsentContext,
): ConsentStatement[] {
  // The POS's own time of the change, but never later than now: a POS clock ahead (or a hostile
  // POS) must not date a grant beyond every later withdrawal.
  const at = statementTime('pos', pos.updatedAt ? new Date(pos.updatedAt) : undefined, said.now);
  const statements: (ConsentStatement & { at: Date })[] = [];
  for (const channel of ['sms', 'email'] as const) {
    const value = pos.consents[channel];
    if (value === null) continue;
    const before = said.base?.[`consents.${channel}`];
    const saidBefore = typeof before === 'boolean' ? before : null;
    if (saidBefore === value) continue;
    if (saidBefore === null && value === said.unsetConsent) continue;
    const current = held[channel];
    const neverStated = current.source === null;
    if (!neverStated && current.granted === value) continue;
    if (current.at !== null && Date.parse(current.at) >= at.getTime()) continue;
    statements.push({
      channel,
      granted: value,
      source: 'pos',
      wording: `${said.vendor} POS marketing preference`,
      at,
    });
  }
  return statements;
}
