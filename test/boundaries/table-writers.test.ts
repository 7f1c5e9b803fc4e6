/**
 * DESIGN's "a module writes only its own tables", checked where the import rules cannot look: in
 * statements. A table's owner is the module whose `tables.ts` declares it; a source file of another
 * module that inserts into, updates or deletes from it (through Drizzle or in raw SQL) fails here.
 * Others call the owner's functions (customers' repository, consents, changes; privacy's audit log;
 * auth's API keys; sync's integrations).
 *
 * Not seen here, by design: privacy's retention sweep deletes a customer's rows from every table that
 * references `customers`, found at run time from the database's own constraints (so a table added
 * later is covered); its statement names no table, so no pattern below matches it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');

interface Table {
  /** The Drizzle object's name, e.g. `customerLinks`. */
  object: string;
  /** The SQL name, e.g. `customer_links`. */
  sql: string;
  owner: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The module a source file belongs to: its first folder under src (a root file is its own). */
function moduleOf(file: string): string {
  return relative(SRC, file).split('/')[0]!;
}

function declaredTables(): Table[] {
  return sourceFiles(SRC)
    .filter((file) => file.endsWith('/tables.ts') && relative(SRC, file).split('/').length === 2)
    .flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/export const (\w+) = pgTable\(\s*'(\w+)'/g)].map((match) => ({
        object: match[1]!,
        sql: match[2]!,
        owner: moduleOf(file),
      })),
    );
}

function writes(text: string, table: Table): boolean {
  return (
    new RegExp(`\\.(insert|update|delete)\\(\\s*${table.object}\\s*\\)`).test(text) ||
    new RegExp(`\\b(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+${table.sql}\\b`).test(text)
  );
}

describe('table ownership', () => {
  const tables = declaredTables();

  it('finds the tables each module declares (the check below is not vacuous)', () => {
    const owners = new Map(tables.map((t) => [t.sql, t.owner]));
    expect(tables.length).toBeGreaterThan(20);
    expect(owners.get('customers')).toBe('customers');
    expect(owners.get('customer_links')).toBe('sync');
    expect(owners.get('api_keys')).toBe('auth');
    expect(owners.get('audit_events')).toBe('privacy');
  });

  it("has no module write another module's table", () => {
    const crossings = sourceFiles(SRC).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return tables
        .filter((table) => table.owner !== moduleOf(file) && writes(text, table))
        .map((table) => `${relative(SRC, file)} writes ${table.sql} (owned by ${table.owner})`);
    });
    expect(crossings).toEqual([]);
  });

  it('recognizes a write in either form, and not a read', () => {
    const links: Table = { object: 'customerLinks', sql: 'customer_links', owner: 'sync' };
    expect(writes('await tx.update(customerLinks).set({})', links)).toBe(true);
    expect(writes('sql`DELETE FROM customer_links WHERE org_id = $1`', links)).toBe(true);
    expect(writes('await db.select().from(customerLinks)', links)).toBe(false);
    expect(writes('sql`SELECT * FROM customer_links FOR UPDATE`', links)).toBe(false);
  });
});
