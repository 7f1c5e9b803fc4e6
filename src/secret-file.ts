/**
 * Secrets kept in the data folder (the development master key, the demo kiosk key): files of mode
 * 0600 in a folder of mode 0700, never seen half-written. A secret is written whole to a temporary
 * file, then linked into place: link fails when the file already exists, so two processes starting
 * together on one data folder agree on one secret. At the root of src/, beside config and logger,
 * because db (the application login's password), privacy and demo all keep one.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The secret held in `file`; `create()`'s, written there first, when there is none. */
export async function readOrCreateSecretFile(file: string, create: () => string): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = temporaryName(file);
  await writeFile(temporary, `${create()}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temporary);
  }
  return (await readFile(file, 'utf8')).trim();
}

/** Replaces the secret in `file` at once (rename), for a secret found unusable. */
export async function replaceSecretFile(file: string, secret: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = temporaryName(file);
  await writeFile(temporary, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  await rename(temporary, file);
}

const temporaryName = (file: string) => `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
