/**
 * `patron keys rotate`: re-encrypts everything with PATRON_MASTER_KEY, reading old values with
 * PATRON_PREVIOUS_MASTER_KEYS (src/privacy/key-rotation.ts). Prints key ids (public: every ciphertext
 * carries one), counts and row ids, never a key or a value. Returns the exit code: 0 when every
 * value is under the current key, 1 when some could not be decrypted or the run was interrupted.
 */
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { keyIdOf } from '../privacy/key-derivation.ts';
import { DEFAULT_ROTATION_BATCH_SIZE, rotateKeys, type TableSummary } from '../privacy/key-rotation.ts';
import { loadMasterKey } from '../privacy/master-key.ts';
import { withDatabase } from './admin-commands.ts';
import { UsageError } from './usage-error.ts';

/** At most one progress line per table this often, so a large table shows it is moving. */
const PROGRESS_EVERY_MS = 2000;

export async function keysRotate(
  config: Config,
  logger: Logger,
  flags: { 'batch-size'?: string | undefined },
  say: (line: string) => void,
): Promise<number> {
  const batchSize = flags['batch-size'] === undefined ? DEFAULT_ROTATION_BATCH_SIZE : Number(flags['batch-size']);
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new UsageError(`--batch-size must be a whole number from 1 to 10000 (got "${flags['batch-size']}")`);
  }
  const masterKey = await loadMasterKey({
    masterKey: config.masterKey,
    dataDir: config.dataDir,
    previousMasterKeys: config.previousMasterKeys,
  });
  const retiredIds = masterKey.retiredKeys.map(keyIdOf);
  say(
    `rotating to key ${keyIdOf(masterKey.key)}${masterKey.isDevelopmentKey ? ' (the generated development key)' : ''}; ` +
      (retiredIds.length > 0
        ? `reading previous keys ${retiredIds.join(', ')}`
        : 'no PATRON_PREVIOUS_MASTER_KEYS set, so only values already under the current key can be read'),
  );

  // Ctrl-C or a stop signal ends the run between batches: what was committed stays, a re-run resumes.
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let lastLine = Date.now();
  try {
    const result = await withDatabase(config, logger, (_db, database) =>
      rotateKeys({
        pool: database.pool,
        masterKey: masterKey.key,
        retiredKeys: masterKey.retiredKeys,
        batchSize,
        signal: controller.signal,
        onProgress: (progress) => {
          if (Date.now() - lastLine < PROGRESS_EVERY_MS) return;
          lastLine = Date.now();
          say(`  ${progress.table}: ${progress.scanned} rows so far`);
        },
      }),
    );
    for (const table of result.tables) say(summaryLine(table));
    for (const value of result.undecryptable) {
      say(`cannot decrypt ${value.table} ${value.id} ${value.column}: no loaded key wrote it (left unchanged)`);
    }
    if (result.interrupted) {
      say('interrupted: what was done is kept; run `patron keys rotate` again to finish');
      return 1;
    }
    if (result.undecryptable.length > 0) {
      say(
        `${result.undecryptable.length} value(s) could not be decrypted and still need their old key: ` +
          'add it to PATRON_PREVIOUS_MASTER_KEYS and run again before dropping any key',
      );
      return 1;
    }
    say(`done: every encrypted value is under key ${result.keyId}; the previous keys can now be dropped`);
    return 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

function summaryLine(t: TableSummary): string {
  return (
    `${t.table}: ${t.scanned} rows with encrypted values, ${t.rotated} re-encrypted, ${t.current} already current` +
    (t.undecryptable > 0 ? `, ${t.undecryptable} value(s) undecryptable` : '')
  );
}
