/**
 * The one-writer rule of DESIGN ("a module writes only its own tables"): no source file but
 * repository.ts writes the `customers` table, through Drizzle or raw SQL. The import-boundary check
 * sees imports, not statements, so this is where a new writer elsewhere fails CI.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..');
const WRITES = [/\.(insert|update|delete)\(\s*customers\s*\)/, /\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+customers\b/];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('customers repository', () => {
  it('is the only source file that writes the customers table', () => {
    const writers = sourceFiles(SRC)
      .filter((file) => WRITES.some((pattern) => pattern.test(readFileSync(file, 'utf8'))))
      .map((file) => relative(SRC, file));
    expect(writers).toEqual(['customers/repository.ts']);
  });
});
