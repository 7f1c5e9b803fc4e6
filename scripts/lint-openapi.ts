/**
 * `npm run lint` checks the OpenAPI document as a client generator would read it: builds the app
 * without listening or a database (generating the document needs neither), writes `/openapi.json`
 * to a temporary file and runs Redocly's recommended rules with warnings counted as errors
 * (`recommended-strict`). Offline: Redocly's usage data and update check are turned off
 * (REDOCLY_TELEMETRY=off, REDOCLY_SUPPRESS_UPDATE_NOTICE; see its README "Data collection").
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { connect } from '../src/db/database.ts';
import { buildApp } from '../src/http/app.ts';
import { createLogger } from '../src/logger.ts';
import { createFieldProtection } from '../src/privacy/field-protector.ts';

async function generateDocument(): Promise<string> {
  // A pool that is never asked anything: nothing connects while the document is generated.
  const database = connect(
    { ownerUrl: 'postgres://openapi@127.0.0.1:1/none', appUrl: 'postgres://patron_app@127.0.0.1:1/none' },
    {},
    async () => {},
  );
  const app = await buildApp({
    db: database.db,
    protection: createFieldProtection(Buffer.alloc(32)),
    logger: createLogger('silent'),
    loginPolicy: { sessionTtlMs: 1, accountLimit: 1, addressLimit: 1, windowMs: 1 },
  });
  try {
    const answer = await app.inject({ method: 'GET', url: '/openapi.json' });
    if (answer.statusCode !== 200) throw new Error(`GET /openapi.json answered ${answer.statusCode}`);
    return answer.body;
  } finally {
    await app.close();
    await database.close();
  }
}

const folder = mkdtempSync(join(tmpdir(), 'patron-openapi-'));
try {
  const file = join(folder, 'openapi.json');
  // Indented, so that Redocly's line numbers point somewhere readable.
  writeFileSync(file, JSON.stringify(JSON.parse(await generateDocument()), null, 2));
  const cli = join(dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
  const run = spawnSync(process.execPath, [cli, 'lint', '--extends=recommended-strict', '--lint-config=off', file], {
    stdio: 'inherit',
    cwd: folder,
    env: {
      ...process.env,
      REDOCLY_TELEMETRY: 'off',
      REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
      REDOCLY_SUPPRESS_NOTIFICATIONS: 'true',
    },
  });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(folder, { recursive: true, force: true });
}
