// Prints the plain CI summary line "N passed, N failed" from Vitest's JSON report.
// Plain JavaScript on purpose: CI may call it with the machine's own (older) Node.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-results/vitest.json';
try {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  // A file that failed with no failed test in it (it did not load, or a beforeAll threw and
  // its tests were skipped, e.g. Chromium could not start) counts as one failure.
  const failedSuites = (report.testResults ?? []).filter(
    (r) => r.status === 'failed' && !(r.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length;
  const passed = report.numPassedTests ?? 0;
  const failed = (report.numFailedTests ?? 0) + failedSuites;
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // The last line stays exactly "N passed, N failed" (CI reads it); tests not run are said before it.
  if (skipped) console.log(`${skipped} not run (todo or skipped)`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
} catch {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
