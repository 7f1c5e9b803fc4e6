/**
 * One load run with autocannon over loopback: throughput from autocannon, latency percentiles from
 * every response time it reports (autocannon's own summary has p97.5 but no p95, and the targets
 * are in p95).
 */
import autocannon from 'autocannon';

export interface LoadSettings {
  connections: number;
  seconds: number;
}

export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

export interface Measurement {
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  /** Answers outside 2xx, and connection errors: any of them makes the run suspect. */
  failures: number;
}

export async function measure(
  baseUrl: string,
  next: () => RequestSpec,
  headers: Record<string, string>,
  settings: LoadSettings,
): Promise<Measurement> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections: settings.connections,
        duration: settings.seconds,
        headers: { 'content-type': 'application/json', ...headers },
        requests: [
          {
            setupRequest: (request) => {
              const spec = next();
              return { ...request, method: spec.method, path: spec.path, body: spec.body };
            },
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
    });
  });
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    requests: result.requests.total,
    failures: result.non2xx + result.errors,
  };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}
