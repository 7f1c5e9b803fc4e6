#!/usr/bin/env node
// The `patron` command. Patron runs on Node 24 (it loads its TypeScript sources directly), which the
// project installs as the `node` npm package; an older `node` on PATH hands over to that one.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
// V8 sizes its young generation by the machine's memory; Patron handles a page or a request at a time
// and does not need a large one: 8 MB keeps a worker's import under 256 MB resident at the same speed
// (bench/RESULTS.md). `npm start` and the benchmark start Node with the same flag.
const NODE_FLAGS = ['--max-semi-space-size=8'];
const major = Number(process.versions.node.split('.')[0]);
if (major >= 24) {
  await import(main);
} else {
  const bundled = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (!existsSync(bundled)) {
    process.stderr.write('patron: needs Node 24; run "npm install" in the project first\n');
    process.exit(1);
  }
  const child = spawn(bundled, [...NODE_FLAGS, main, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
}
