import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { developmentKeyFile, loadMasterKey, MasterKeyError } from './master-key.ts';

describe('master key', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'patron-master-key-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('uses PATRON_MASTER_KEY when set and writes no file', async () => {
    const configured = randomBytes(32);
    const loaded = await loadMasterKey({ masterKey: configured.toString('base64'), dataDir });
    expect(loaded.key.equals(configured)).toBe(true);
    expect(loaded.isDevelopmentKey).toBe(false);
    expect(loaded.file).toBeNull();
    await expect(stat(developmentKeyFile(dataDir))).rejects.toThrow(/ENOENT/);
  });

  it('generates a development key under <dataDir>/secrets, readable by the owner only, and flags it', async () => {
    const loaded = await loadMasterKey({ masterKey: undefined, dataDir });
    expect(loaded.isDevelopmentKey).toBe(true);
    expect(loaded.file).toBe(path.join(dataDir, 'secrets', 'master-key'));
    expect(loaded.key).toHaveLength(32);
    expect((await stat(loaded.file!)).mode & 0o777).toBe(0o600);
    expect((await readFile(loaded.file!, 'utf8')).trim()).toBe(loaded.key.toString('base64'));
  });

  it('creates the development key once and reuses it on the next start', async () => {
    const first = await loadMasterKey({ masterKey: undefined, dataDir });
    const second = await loadMasterKey({ masterKey: undefined, dataDir });
    expect(second.key.equals(first.key)).toBe(true);
  });

  it('agrees on one key when several processes start at once', async () => {
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadMasterKey({ masterKey: undefined, dataDir })));
    expect(new Set(keys.map((k) => k.key.toString('hex'))).size).toBe(1);
  });

  it('loads the previous master keys as retired keys, beside a configured or a development key', async () => {
    const previous = [randomBytes(32), randomBytes(32)];
    const settings = { dataDir, previousMasterKeys: previous.map((k) => k.toString('base64')) };
    const configured = await loadMasterKey({ ...settings, masterKey: randomBytes(32).toString('base64') });
    const development = await loadMasterKey({ ...settings, masterKey: undefined });
    for (const loaded of [configured, development]) {
      expect(loaded.retiredKeys.map((k) => k.toString('hex'))).toEqual(previous.map((k) => k.toString('hex')));
    }
    expect((await loadMasterKey({ masterKey: undefined, dataDir })).retiredKeys).toEqual([]);
  });

  it('refuses a development key file that does not hold 32 bytes, naming the file', async () => {
    const file = developmentKeyFile(dataDir);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, 'c2hvcnQ=\n');
    await expect(loadMasterKey({ masterKey: undefined, dataDir })).rejects.toThrow(MasterKeyError);
    await expect(loadMasterKey({ masterKey: undefined, dataDir })).rejects.toThrow(file);
  });
});
