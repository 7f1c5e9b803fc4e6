/** Settings the benchmarks read from the environment. */

export function integerEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number (got "${raw}")`);
  return n;
}

/** BENCH_RESULTS sends a quick run's page elsewhere, so it does not replace the recorded full run. */
export function resultsFile(): URL {
  return process.env.BENCH_RESULTS
    ? new URL(process.env.BENCH_RESULTS, `file://${process.cwd()}/`)
    : new URL('./RESULTS.md', import.meta.url);
}
