/**
 * The master key behind field encryption and blind indexes: 32 random bytes from
 * PATRON_MASTER_KEY (base64), or, when that is unset, a development key generated once into
 * `<dataDir>/secrets/master-key` so a newcomer can start without setting anything. The caller logs
 * DEVELOPMENT_KEY_WARNING when `isDevelopmentKey` is true; the key itself is never logged.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { readOrCreateSecretFile } from '../secret-file.ts';

export const MASTER_KEY_BYTES = 32;

export const DEVELOPMENT_KEY_WARNING =
  'using a generated development key for field encryption; set PATRON_MASTER_KEY (32 random bytes in base64, e.g. `openssl rand -base64 32`) in production';

export interface MasterKeySettings {
  /** `config.masterKey`: base64, already checked to be 32 bytes by the configuration. */
  masterKey: string | undefined;
  /** `config.dataDir` */
  dataDir: string;
  /** `config.previousMasterKeys`: base64, already checked to be 32 bytes each. */
  previousMasterKeys?: readonly string[] | undefined;
}

export interface LoadedMasterKey {
  key: Buffer;
  /** True when the key came from the generated development file rather than PATRON_MASTER_KEY. */
  isDevelopmentKey: boolean;
  /** Where the development key lives; null for a configured key. */
  file: string | null;
  /** Retired keys from PATRON_PREVIOUS_MASTER_KEYS: read what they wrote, never write with them. */
  retiredKeys: Buffer[];
}

export class MasterKeyError extends Error {}

export function developmentKeyFile(dataDir: string): string {
  return path.join(dataDir, 'secrets', 'master-key');
}

export async function loadMasterKey(settings: MasterKeySettings): Promise<LoadedMasterKey> {
  const retiredKeys = (settings.previousMasterKeys ?? []).map((key, i) =>
    decodeKey(key, `PATRON_PREVIOUS_MASTER_KEYS entry ${i + 1}`),
  );
  if (settings.masterKey) {
    return {
      key: decodeKey(settings.masterKey, 'PATRON_MASTER_KEY'),
      isDevelopmentKey: false,
      file: null,
      retiredKeys,
    };
  }
  const file = developmentKeyFile(settings.dataDir);
  return { key: await readOrCreateKeyFile(file), isDevelopmentKey: true, file, retiredKeys };
}

async function readOrCreateKeyFile(file: string): Promise<Buffer> {
  const key = await readOrCreateSecretFile(file, () => randomBytes(MASTER_KEY_BYTES).toString('base64'));
  return decodeKey(key, file);
}

function decodeKey(base64: string, source: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== MASTER_KEY_BYTES) {
    throw new MasterKeyError(`${source} must hold ${MASTER_KEY_BYTES} random bytes in base64, found ${key.length}`);
  }
  return key;
}
