/** The sync benchmark's tables (console and bench/RESULTS.md) and the targets. */
import type { PosVendor } from '../src/pos/port.ts';
import { describeLimit, type VendorCeiling } from './sync-ceilings.ts';
import type { ImportMeasurement } from './sync-import.ts';
import { type OutboundMeasurement, percentile } from './sync-outbound.ts';

export const SYNC_TARGETS = {
  importShare: 0.9,
  outboundP95Ms: 2_000,
  workerRssBytes: 256 * 2 ** 20,
} as const;

export interface VendorResult {
  vendor: PosVendor;
  ceiling: VendorCeiling;
  imported: ImportMeasurement;
  /** The client alone reading the start of the same listing (customers/s), for comparison. */
  fetchAlone: { customers: number; customersPerSecond: number };
  /** 429 answers the simulator gave during the import. */
  rateLimited: number;
  outbound: OutboundMeasurement;
}

const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
const perSecond = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (share: number) => `${Math.round(share * 100)}%`;
const met = (ok: boolean) => (ok ? 'met' : '**not met**');

/** Marks a read that took no more calls than the vendor's full bucket holds: not a sustained rate. */
function withinBurst(customers: number, ceiling: VendorCeiling): string {
  return Math.ceil(customers / ceiling.pageSize) <= ceiling.rateLimit.limit ? ' *(burst)*' : '';
}

export function importShare(r: VendorResult): number {
  return r.imported.customersPerSecond / r.ceiling.customersPerSecond;
}

export function importTable(results: readonly VendorResult[]): string {
  const header =
    '| vendor | customers | seconds | customers/s | ceiling (limit x page) | share of ceiling | fetch alone /s | 429s | database busy | worker RSS before / peak | met (≥ 90%, < 256 MiB) |';
  const rule = '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|';
  const lines = results.map((r) =>
    [
      r.vendor,
      r.imported.customers.toLocaleString('en-US'),
      r.imported.seconds.toFixed(1),
      `${perSecond(r.imported.customersPerSecond)}${withinBurst(r.imported.customers, r.ceiling)}`,
      `${perSecond(r.ceiling.customersPerSecond)} (${describeLimit(r.ceiling.rateLimit)} x ${r.ceiling.pageSize})`,
      pct(importShare(r)),
      `${perSecond(r.fetchAlone.customersPerSecond)} (${pct(r.fetchAlone.customersPerSecond / r.ceiling.customersPerSecond)})${withinBurst(r.fetchAlone.customers, r.ceiling)}`,
      String(r.rateLimited),
      pct(1 - r.imported.database.idleShare),
      `${mib(r.imported.rssBeforeBytes)} / ${mib(r.imported.rssPeakBytes)}`,
      `${met(importShare(r) >= SYNC_TARGETS.importShare)}, ${met(r.imported.rssPeakBytes < SYNC_TARGETS.workerRssBytes)}`,
    ].join(' | '),
  );
  return [header, rule, ...lines.map((l) => `| ${l} |`)].join('\n');
}

export function outboundTable(results: readonly VendorResult[]): string {
  const header = '| vendor | changes | p50 ms | p95 ms | max ms | refused | lost | met (p95 < 2 s) |';
  const rule = '|---|--:|--:|--:|--:|--:|--:|---|';
  const row = (name: string, o: OutboundMeasurement) =>
    [
      name,
      String(o.latencies.length),
      percentile(o.latencies, 0.5).toFixed(0),
      percentile(o.latencies, 0.95).toFixed(0),
      Math.max(...o.latencies).toFixed(0),
      String(o.refused),
      String(o.lost),
      met(o.lost === 0 && percentile(o.latencies, 0.95) < SYNC_TARGETS.outboundP95Ms),
    ].join(' | ');
  const all: OutboundMeasurement = {
    latencies: results.flatMap((r) => r.outbound.latencies),
    refused: results.reduce((n, r) => n + r.outbound.refused, 0),
    lost: results.reduce((n, r) => n + r.outbound.lost, 0),
  };
  const lines = [...results.map((r) => row(r.vendor, r.outbound)), row('**all**', all)];
  return [header, rule, ...lines.map((l) => `| ${l} |`)].join('\n');
}
