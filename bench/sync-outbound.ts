/**
 * Outbound latency: a staff member changes a customer's last name through the API; the worker's
 * outbox dispatcher (default poll interval) queues the push, and the push writes it to the POS. The
 * latency runs from sending the PATCH to the first moment the simulator's admin surface shows the new
 * name. One change at a time, so each figure is the path's own time, not a queue behind others.
 */
import type pg from 'pg';

const POLL_MS = 10;
const GIVE_UP_MS = 30_000;

export interface OutboundMeasurement {
  /** Milliseconds, one per change that reached the POS. */
  latencies: number[];
  /** PATCHes the API refused (e.g. an imported record that no longer passes validation). */
  refused: number;
  /** Changes not seen at the POS within 30 s. */
  lost: number;
}

export interface OutboundTarget {
  pool: pg.Pool;
  storeId: string;
  apiUrl: string;
  token: string;
  simulatorUrl: string;
}

export async function measureOutbound(target: OutboundTarget, changes: number): Promise<OutboundMeasurement> {
  // Customers linked to this store only: a push to another (stopped) store's POS would only add noise.
  const candidates = await target.pool.query<{ customer_id: string; external_id: string }>(
    `SELECT l.customer_id, l.external_id FROM customer_links l
      WHERE l.store_id = $1 AND l.external_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM customer_links o WHERE o.customer_id = l.customer_id AND o.store_id <> l.store_id)
      ORDER BY l.customer_id LIMIT $2`,
    [target.storeId, changes * 2],
  );
  const result: OutboundMeasurement = { latencies: [], refused: 0, lost: 0 };
  for (const [i, link] of candidates.rows.entries()) {
    if (result.latencies.length + result.lost >= changes) break;
    const name = `Bench${letters(i)}`;
    const sent = performance.now();
    const res = await fetch(`${target.apiUrl}/api/v1/customers/${link.customer_id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ lastName: name }),
    });
    await res.arrayBuffer();
    if (!res.ok) {
      result.refused += 1;
      continue;
    }
    const seen = await waitForPos(
      `${target.simulatorUrl}/_sim/customers/${encodeURIComponent(link.external_id)}`,
      name,
    );
    if (seen) result.latencies.push(performance.now() - sent);
    else result.lost += 1;
  }
  return result;
}

/** Polls the simulator's admin surface until the record carries `name` (letters only); false after 30 s. */
async function waitForPos(url: string, name: string): Promise<boolean> {
  const deadline = performance.now() + GIVE_UP_MS;
  while (performance.now() < deadline) {
    const res = await fetch(url);
    // A word anywhere in the record: Flowhub keeps one `name` for first and last together.
    if (res.ok && new RegExp(`\\b${name}\\b`).test(await res.text())) return true;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return false;
}

/** 0 -> Aaa, 1 -> Aab ...: names are letters only, as every vendor accepts. */
function letters(n: number): string {
  let out = '';
  for (let k = n + 26 * 26; k > 0; k = Math.floor(k / 26)) out = String.fromCharCode(97 + (k % 26)) + out;
  return out.charAt(0).toUpperCase() + out.slice(1);
}

/** The value at or below which `p` of the sorted values lie (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}
