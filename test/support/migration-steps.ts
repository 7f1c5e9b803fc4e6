/**
 * Runs migration files one by one on an empty database, as the migrator would, so a data-repair
 * migration can be tested against rows written in the schema that came before it.
 */
import { readdir, readFile } from 'node:fs/promises';
import type { Pool } from 'pg';

const dir = new URL('../../src/db/migrations/', import.meta.url);

export interface MigrationSteps {
  /** Applies every migration before the one named. */
  before(): Promise<void>;
  /** Applies the migration named itself. */
  apply(): Promise<void>;
}

/** The steps around the migration whose file ends with `_<name>.sql`. */
export async function migrationSteps(pool: Pool, name: string): Promise<MigrationSteps> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const at = files.findIndex((f) => f.endsWith(`_${name}.sql`));
  if (at <= 0) throw new Error(`no migration named ${name} after the first`);
  const run = async (names: readonly string[]) => {
    for (const file of names) {
      const text = await readFile(new URL(file, dir), 'utf8');
      for (const statement of text.split('--> statement-breakpoint')) {
        if (statement.trim().length > 0) await pool.query(statement);
      }
    }
  };
  return { before: () => run(files.slice(0, at)), apply: () => run([files[at]!]) };
}
