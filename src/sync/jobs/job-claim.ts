/**
 * A worker's hold on the pg-boss job it runs, so that a worker which stalled (event loop blocked, GC
 * pause, cut off from the database) and lost its job to a retry stops instead of racing the retry.
 * Two guards, because pg-boss's own signal alone comes late: it is aborted by the worker's heartbeat
 * timer, which a stalled worker runs only some time after it wakes.
 * - `signal` (pg-boss's `job.signal`): cheap, checked before work that only reads (the next page).
 * - `hold(tx)`: pg-boss's `touch()` fenced to this attempt (job id + retry count), run inside the
 *   transaction about to commit a result or to precede a vendor write. It updates the job's row, so
 *   the supervisor cannot fail the job between this check and the commit (its statement waits for the
 *   row), and a job already failed or retried matches no row: the attempt ends with `ClaimLost`.
 */
import { sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import type { Db } from '../../db/database.ts';
import type { Tx } from '../../db/tx.ts';

export interface JobClaim {
  readonly signal: AbortSignal;
  /** Throws `ClaimLost` when pg-boss already took the job away (cheap: no database). */
  stopIfLost(): void;
  /** Throws `ClaimLost` unless the job is still this attempt's; then it stays so until `tx` ends. */
  hold(tx: Tx): Promise<void>;
}

/** The job was failed or retried without this attempt (its heartbeat was lost): its work is the retry's now. */
export class ClaimLost extends Error {
  constructor() {
    super('the job was taken away from this attempt (its heartbeat was lost); a retry runs it');
  }
}

export interface ClaimedJob {
  id: string;
  retryCount: number;
  signal: AbortSignal;
}

export function jobClaim(boss: PgBoss, queue: string, job: ClaimedJob): JobClaim {
  const stopIfLost = () => {
    if (job.signal.aborted) throw new ClaimLost();
  };
  return {
    signal: job.signal,
    stopIfLost,
    async hold(tx) {
      stopIfLost();
      const touched = await boss.touch(queue, { id: job.id, retryCount: job.retryCount }, { db: onTransaction(tx) });
      // The declared CommandResponse is empty; at run time it carries `affected` like every settle.
      if ((touched as { affected?: number }).affected !== 1) throw new ClaimLost();
    },
  };
}

/** Before a vendor write: throws `ClaimLost` unless the job is still this attempt's (no claim: nothing to check). */
export async function ensureHeld(db: Db, claim: JobClaim | undefined): Promise<void> {
  if (claim) await db.transaction((tx) => claim.hold(tx));
}

/** `hold` as a question: false when the claim is lost. */
export async function stillHeld(tx: Tx, claim: JobClaim): Promise<boolean> {
  try {
    await claim.hold(tx);
    return true;
  } catch (error) {
    if (error instanceof ClaimLost) return false;
    throw error;
  }
}

/** pg-boss's database interface over a Drizzle transaction: its `$n` placeholders become parameters. */
function onTransaction(tx: Tx) {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const parts = text.split(/\$(\d+)/);
      const chunks = parts.map((part, i) =>
        i % 2 === 0 ? sql.raw(part) : sql`${sql.param(values[Number(part) - 1])}`,
      );
      const result = await tx.execute(sql.join(chunks));
      return { rows: result.rows as unknown[] };
    },
  };
}
