/**
 * Which of two POS records of one person at one store a merge keeps linked (API.md "Customers",
 * `POST /customers/{id}/merge`): a store holds one link per customer, so when both merged customers
 * are linked to the same store, one POS record stays and the other is retired at the POS. Pure rule:
 * the caller measures each record, this decides.
 */

export interface PosRecordStanding {
  /** Whether the POS holds a record at all (a link still being created there has none yet). */
  hasRecord: boolean;
  /** How many of the synced fields the POS record holds a value for (as Patron last read or wrote it). */
  filledFields: number;
  /** The POS's own last change of the record; `null` when unknown. */
  lastActivityAt: Date | null;
  /** When Patron linked the record. */
  linkedAt: Date;
}

/**
 * The richer record, in this order: a record the POS holds over none; more synced fields filled;
 * the more recent activity at the POS (unknown counts as oldest); the older link. A full tie keeps
 * `first` (callers pass the surviving customer's own link first).
 */
export function richerPosRecord<T extends PosRecordStanding>(first: T, second: T): T {
  if (first.hasRecord !== second.hasRecord) return first.hasRecord ? first : second;
  if (first.filledFields !== second.filledFields) return first.filledFields > second.filledFields ? first : second;
  const a = first.lastActivityAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  const b = second.lastActivityAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  if (a !== b) return a > b ? first : second;
  if (first.linkedAt.getTime() !== second.linkedAt.getTime()) {
    return first.linkedAt.getTime() < second.linkedAt.getTime() ? first : second;
  }
  return first;
}
