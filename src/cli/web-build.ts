/**
 * Keeps the built web app (dist/web) as new as its sources (src/web, vite.config.ts), so that
 * `npm install && npm start` and `npm test` serve the app with no build step to remember. The build
 * is Vite's own (a dynamic import: a deployment that ships dist/web without dev dependencies
 * never loads it); a stamp file records which sources it was built from.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const WEB_SOURCES = path.join(ROOT, 'src/web');
export const WEB_BUILD = path.join(ROOT, 'dist/web');
const STAMP = path.join(WEB_BUILD, '.sources');
const CONFIG = path.join(ROOT, 'vite.config.ts');

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.test.tsx'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** A fingerprint of every source file's path, size and modification time (reading no contents). */
async function sourcesFingerprint(): Promise<string> {
  const files = [...(await filesUnder(WEB_SOURCES)), CONFIG].sort();
  const hash = createHash('sha256');
  for (const file of files) {
    const info = await stat(file);
    hash.update(`${path.relative(ROOT, file)}\0${info.size}\0${info.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

export type WebBuildOutcome = 'built' | 'up to date' | 'no sources';

/** Builds the web app when its sources changed since the last build (or it was never built). */
export async function ensureWebBuilt(log: (line: string) => void = () => {}): Promise<WebBuildOutcome> {
  if (!existsSync(WEB_SOURCES)) return 'no sources';
  const fingerprint = await sourcesFingerprint();
  const built = existsSync(STAMP) ? await readFile(STAMP, 'utf8') : null;
  if (built === fingerprint && existsSync(path.join(WEB_BUILD, 'index.html'))) return 'up to date';
  log('Building the web app (src/web) with Vite…');
  const { build } = await import('vite');
  // Vite follows NODE_ENV when it is set, and a test runner sets it to `test`, which would ship
  // React's development build (three times the size, with its dev-only warnings): always production.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: CONFIG, root: WEB_SOURCES, logLevel: 'warn', mode: 'production' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  await writeFile(STAMP, fingerprint);
  return 'built';
}
