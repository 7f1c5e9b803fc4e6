/**
 * What a POS says about marketing consent, as ledger statements with source `pos`. A statement is
 * added only when it differs from the current state and is newer than it: the ledger's own order
 * (latest wins, a withdrawal wins a tie) then makes an opt-out beat any older opt-in, wherever each
 * was given, and an old POS value never overrides a newer choice made elsewhere.
 */
import type { ConsentStatement } from '../customers/consents.ts';
import type { ConsentStateColumn } from '../db/schema.ts';
import type { PosCustomer } from '../pos/port.ts';

export function consentStatementsFromPos(
  pos: PosCustomer,
  held: { sms: ConsentStateColumn; email: ConsentStateColumn },
  vendor: string,
  now: Date,
): ConsentStatement[] {
  const at = pos.updatedAt ? new Date(pos.updatedAt) : now;
  const statements: ConsentStatement[] = [];
  for (const channel of ['sms', 'email'] as const) {
    const said = pos.consents[channel];
    if (said === null) continue;
    const current = held[channel];
    const neverStated = current.source === null;
    if (!neverStated && current.granted === said) continue;
    if (current.at !== null && Date.parse(current.at) >= at.getTime()) continue;
    statements.push({ channel, granted: said, source: 'pos', wording: `${vendor} POS marketing preference`, at });
  }
  return statements;
}
