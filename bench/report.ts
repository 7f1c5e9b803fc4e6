/** The benchmark's table (console and bench/RESULTS.md) and the targets it is judged against. */
import type { Operation } from './inputs.ts';
import type { Measurement } from './measure.ts';

export interface Row {
  operation: Operation;
  patron: Measurement;
  minimal: Measurement;
}

interface Target {
  text: string;
  met(row: Row): boolean;
}

/** Issue 14's for every search shape: fast under load, and most of the floor's throughput. */
const SEARCH: Target = {
  text: 'p95 < 25 ms, p99 < 50 ms, ≥ 60% of minimal req/s',
  met: (r) => r.patron.p95 < 25 && r.patron.p99 < 50 && ratio(r) >= 0.6,
};

/** The targets: lookups keep 60% of the floor's throughput; searches are fast; signups keep up. */
export const TARGETS: Record<Operation, Target> = {
  'get by id': { text: '≥ 60% of minimal req/s', met: (r) => ratio(r) >= 0.6 },
  'phone lookup': { text: '≥ 60% of minimal req/s', met: (r) => ratio(r) >= 0.6 },
  'full name': SEARCH,
  'common surname': SEARCH,
  'name with a typo': SEARCH,
  'phone last 4': SEARCH,
  'email domain': SEARCH,
  'city + medical': SEARCH,
  'birthday + home store': SEARCH,
  create: { text: '≥ 500 req/s', met: (r) => r.patron.requestsPerSecond >= 500 },
};

export function ratio(row: Row): number {
  return row.patron.requestsPerSecond / row.minimal.requestsPerSecond;
}

export function markdownTable(rows: readonly Row[]): string {
  const header =
    '| operation | Patron req/s | p50 ms | p95 ms | p99 ms | minimal req/s | p50 ms | p95 ms | p99 ms | ratio | target | met |';
  const rule = '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|---|';
  const lines = rows.map((r) =>
    [
      r.operation,
      rate(r.patron),
      ms(r.patron.p50),
      ms(r.patron.p95),
      ms(r.patron.p99),
      rate(r.minimal),
      ms(r.minimal.p50),
      ms(r.minimal.p95),
      ms(r.minimal.p99),
      `${Math.round(ratio(r) * 100)}%`,
      TARGETS[r.operation].text,
      TARGETS[r.operation].met(r) ? 'met' : '**not met**',
    ].join(' | '),
  );
  return [header, rule, ...lines.map((l) => `| ${l} |`)].join('\n');
}

/** Requests that did not answer 2xx, per server; none is expected. */
export function failureNote(rows: readonly Row[]): string {
  const failed = rows.filter((r) => r.patron.failures > 0 || r.minimal.failures > 0);
  if (failed.length === 0) return 'Every request answered 2xx.';
  return failed
    .map((r) => `${r.operation}: ${r.patron.failures} failed on Patron, ${r.minimal.failures} on minimal`)
    .join('; ');
}

function rate(m: Measurement): string {
  return Math.round(m.requestsPerSecond).toLocaleString('en-US');
}

function ms(value: number): string {
  return value.toFixed(value < 10 ? 2 : 1);
}
