/**
 * Bulk-loads synthetic customers into one organization, fast enough for a million rows in minutes:
 * one `INSERT ... SELECT FROM unnest(...)` per batch of thousands (one array parameter per column,
 * so the statement is planned once and the row count never meets the parameter limit), with the
 * next batch generated while the database writes the previous one.
 *
 * Rows are what the service would store: the columns come from the service's own `toColumns` (so
 * encrypted numbers and blind indexes are right), consents start empty as at a signup without
 * consent. The statement itself is the customers repository's (`bulkInsertStatement`, the one writer of
 * the table). Indexes stay in place: the rate printed is the rate with every index maintained.
 */
import type pg from 'pg';
import { toColumns } from '../customers/customer-record.ts';
import { bulkColumns, bulkInsertStatement } from '../customers/repository.ts';
import { NO_CONSENT } from '../customers/tables.ts';
import type { FieldProtector } from '../privacy/field-protector.ts';
import { syntheticCustomer } from './synthetic-customers.ts';

export interface SeedOptions {
  orgId: string;
  count: number;
  seed: number;
  protector: FieldProtector;
  /** First position to generate; by default the number of customer rows the organization holds. */
  startAt?: number;
  /** Home stores to draw from; by default the organization's stores. */
  storeIds?: readonly string[];
  /** YYYY-MM-DD that ages are relative to; by default the current UTC date. */
  today?: string;
  batchSize?: number;
  /** Batches in flight at once (each on its own connection). */
  concurrency?: number;
  onProgress?: (progress: SeedProgress) => void;
}

export interface SeedProgress {
  done: number;
  total: number;
  elapsedMs: number;
}

export interface SeedResult {
  inserted: number;
  /** Rows refused by a unique identity index (only when positions were reused). */
  skipped: number;
  startAt: number;
  elapsedMs: number;
  /** Inserted rows per second. */
  rate: number;
}

export async function seedCustomers(pool: pg.Pool, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 5_000;
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const storeIds = options.storeIds ?? (await storesOf(pool, options.orgId));
  const startAt = options.startAt ?? (await customerRows(pool, options.orgId));
  const generate = { seed: options.seed, today, storeIds };

  const rowOf = (position: number) => {
    const { customer, createdAt, updatedAt } = syntheticCustomer(position, generate);
    return { ...toColumns(customer, options.protector), createdAt, updatedAt } as Record<string, unknown>;
  };
  const plan = bulkColumns(Object.keys(rowOf(startAt)));
  const statement = bulkInsertStatement(plan);

  // Dedicated connections, set up for a bulk load: a lost last batch on a crash is acceptable.
  const clients = await Promise.all(Array.from({ length: concurrency }, () => pool.connect()));
  let inserted = 0;
  let done = 0;
  const idle = [...clients];
  const inFlight = new Set<Promise<void>>();
  try {
    for (const client of clients) await client.query('SET synchronous_commit = off');
    for (let offset = 0; offset < options.count; offset += batchSize) {
      const size = Math.min(batchSize, options.count - offset);
      const columns = plan.map(() => new Array<string | null>(size));
      for (let i = 0; i < size; i++) {
        const row = rowOf(startAt + offset + i);
        for (const [c, column] of plan.entries()) columns[c]![i] = toParameter(row[column.key], column.sqlType);
      }
      while (idle.length === 0) await Promise.race(inFlight);
      const client = idle.pop()!;
      const task = client
        .query(statement, [options.orgId, JSON.stringify(NO_CONSENT), ...columns])
        .then((result) => {
          inserted += result.rowCount ?? 0;
          done += size;
          options.onProgress?.({ done, total: options.count, elapsedMs: performance.now() - started });
        })
        .finally(() => {
          idle.push(client);
          inFlight.delete(task);
        });
      inFlight.add(task);
    }
    await Promise.all(inFlight);
  } finally {
    // After a failure, let the other batches finish before their connections go back to the pool.
    await Promise.allSettled(inFlight);
    for (const client of clients) client.release();
  }
  const elapsedMs = performance.now() - started;
  return {
    inserted,
    skipped: options.count - inserted,
    startAt,
    elapsedMs,
    rate: inserted / (elapsedMs / 1000),
  };
}

function toParameter(value: unknown, sqlType: string): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return arrayLiteral(value.map(String));
  if (sqlType === 'jsonb' || sqlType === 'json') return JSON.stringify(value);
  return String(value);
}

function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((item) => `"${item.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

async function storesOf(pool: pg.Pool, orgId: string): Promise<string[]> {
  const result = await pool.query<{ id: string }>('SELECT id FROM stores WHERE org_id = $1 ORDER BY name', [orgId]);
  return result.rows.map((r) => r.id);
}

async function customerRows(pool: pg.Pool, orgId: string): Promise<number> {
  const result = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM customers WHERE org_id = $1', [orgId]);
  return result.rows[0]!.n;
}
