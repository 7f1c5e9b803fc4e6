import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/child-server.ts';
import { expectReadableWith, keyIdsInUse, writeEncryptedData } from '../../test/support/encrypted-data.ts';
import { createTestApp, TEST_MASTER_KEY, type TestApp } from '../../test/support/test-app.ts';
import { keyIdOf } from '../privacy/key-derivation.ts';
import { developmentKeyFile } from '../privacy/master-key.ts';

const KEY_A = TEST_MASTER_KEY;
const KEY_B = Buffer.alloc(32, 21);

let t: TestApp | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

describe('patron keys rotate', () => {
  it('rotates everything to PATRON_MASTER_KEY, prints a summary per table and exits 0; a re-run has nothing to do', async () => {
    t = await createTestApp();
    const data = await writeEncryptedData(t);
    const env = {
      DATABASE_URL: t.database.url,
      PATRON_DATA_DIR: '/tmp/patron-cli-unused',
      PATRON_MASTER_KEY: KEY_B.toString('base64'),
      PATRON_PREVIOUS_MASTER_KEYS: KEY_A.toString('base64'),
    };

    const { code, stdout, stderr } = await runCli(['keys', 'rotate', '--batch-size', '2'], env);

    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`rotating to key ${keyIdOf(KEY_B)}; reading previous keys ${keyIdOf(KEY_A)}`);
    expect(stdout).toMatch(/^customers: 4 rows with encrypted values, 4 re-encrypted, 0 already current$/m);
    expect(stdout).toMatch(/^store_integrations: 1 rows with encrypted values, 1 re-encrypted/m);
    expect(stdout).toMatch(/^done: every encrypted value is under key/m);
    // Neither keys nor values are printed.
    for (const secret of [KEY_A.toString('base64'), KEY_B.toString('base64'), ...data.idNumbers.values()]) {
      expect(stdout).not.toContain(secret);
    }
    expect(await keyIdsInUse(t)).toEqual(new Set([keyIdOf(KEY_B)]));
    await expectReadableWith(t, data, KEY_B);

    const again = await runCli(['keys', 'rotate'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^customers: 4 rows with encrypted values, 0 re-encrypted, 4 already current$/m);
  });

  it('reports a value no key opens with its table, id and column, rotates the rest and exits 1', async () => {
    t = await createTestApp();
    await writeEncryptedData(t);
    const { rows } = await t.database.pool.query<{ id: string }>(
      "UPDATE quarantined_records SET raw_enc = 'v1:00000000:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' RETURNING id",
    );
    const env = {
      DATABASE_URL: t.database.url,
      PATRON_DATA_DIR: '/tmp/patron-cli-unused',
      PATRON_MASTER_KEY: KEY_B.toString('base64'),
      PATRON_PREVIOUS_MASTER_KEYS: KEY_A.toString('base64'),
    };

    const { code, stdout } = await runCli(['keys', 'rotate'], env);

    expect(code).toBe(1);
    expect(stdout).toContain(`cannot decrypt quarantined_records ${rows[0]!.id} raw_enc`);
    expect(stdout).toMatch(
      /^quarantined_records: 1 rows with encrypted values, 0 re-encrypted, 0 already current, 1 value\(s\) undecryptable$/m,
    );
    expect(stdout).toMatch(/1 value\(s\) could not be decrypted/);
    expect(await keyIdsInUse(t)).toEqual(new Set([keyIdOf(KEY_B), '00000000']));
    const stillThere = await t.database.pool.query('SELECT raw_enc FROM quarantined_records WHERE id = $1', [
      rows[0]!.id,
    ]);
    expect(stillThere.rows[0].raw_enc).toBe('v1:00000000:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
  });

  it('rotates to the generated development key when PATRON_MASTER_KEY is unset', async () => {
    t = await createTestApp();
    const data = await writeEncryptedData(t, 2);
    dataDir = await mkdtemp(path.join(tmpdir(), 'patron-rotate-'));

    const { code, stdout } = await runCli(['keys', 'rotate'], {
      DATABASE_URL: t.database.url,
      PATRON_DATA_DIR: dataDir,
      PATRON_PREVIOUS_MASTER_KEYS: KEY_A.toString('base64'),
    });

    expect(code).toBe(0);
    expect(stdout).toContain('(the generated development key)');
    const developmentKey = Buffer.from((await readFile(developmentKeyFile(dataDir), 'utf8')).trim(), 'base64');
    expect(await keyIdsInUse(t)).toEqual(new Set([keyIdOf(developmentKey)]));
    await expectReadableWith(t, data, developmentKey);
  });

  it('refuses a malformed PATRON_PREVIOUS_MASTER_KEYS with exit code 2, naming the entry', async () => {
    const { code, stderr } = await runCli(['keys', 'rotate'], {
      DATABASE_URL: 'postgres://unused@127.0.0.1:1/none',
      PATRON_PREVIOUS_MASTER_KEYS: 'not-a-key',
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/PATRON_PREVIOUS_MASTER_KEYS: entry 1 of 1 decodes to \d+ bytes/);
    expect(stderr).not.toContain('not-a-key');
  });

  it('refuses a bad --batch-size with exit code 2', async () => {
    const { code, stderr } = await runCli(['keys', 'rotate', '--batch-size', '0'], {
      DATABASE_URL: 'postgres://unused@127.0.0.1:1/none',
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/--batch-size must be a whole number from 1 to 10000/);
  });
});
