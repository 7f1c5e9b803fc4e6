/** ensureChromium's decisions, on a fake installation (no apt, no root needed). */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ChromiumInstallation, ensureChromium } from './browser.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'patron-chromium-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function fakeInstallation(isRoot: boolean) {
  const executablePath = path.join(dir, 'chromium');
  const calls = { installs: 0, lines: [] as string[] };
  const installation: ChromiumInstallation = {
    executablePath,
    isRoot,
    lockFile: path.join(dir, 'install.lock'),
    install: async () => {
      calls.installs += 1;
      // Long enough that the other callers find the lock held.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await writeFile(executablePath, '');
    },
    log: (line) => calls.lines.push(line),
  };
  return { installation, calls };
}

describe('ensureChromium', () => {
  it('does nothing when Chromium is there', async () => {
    const { installation, calls } = fakeInstallation(true);
    await writeFile(installation.executablePath, '');
    await ensureChromium(installation);
    expect(calls.installs).toBe(0);
    expect(calls.lines).toEqual([]);
  });

  it('says in one line what to install when Chromium is missing and it may not install it', async () => {
    const { installation, calls } = fakeInstallation(false);
    const failure = ensureChromium(installation);
    await expect(failure).rejects.toThrow(/^Browser tests need Chromium at .*apt-get install -y chromium/);
    await expect(failure).rejects.not.toThrow(/\n/);
    expect(calls.installs).toBe(0);
  });

  it('installs once, saying so in one line, when parallel callers find it missing as root', async () => {
    const { installation, calls } = fakeInstallation(true);
    await Promise.all([ensureChromium(installation), ensureChromium(installation), ensureChromium(installation)]);
    expect(calls.installs).toBe(1);
    expect(calls.lines).toHaveLength(1);
    expect(calls.lines[0]).toMatch(/installing Debian's chromium package/);
    expect(existsSync(installation.lockFile)).toBe(false);
  });

  it('fails saying so when the install leaves no browser behind', async () => {
    const { installation } = fakeInstallation(true);
    installation.install = async () => {};
    await expect(ensureChromium(installation)).rejects.toThrow(/still missing/);
    expect(existsSync(installation.lockFile)).toBe(false);
  });
});
