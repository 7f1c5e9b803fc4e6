/**
 * The import-boundary rules of .dependency-cruiser.cjs (run by `npm run lint`) catch each kind of
 * wrong-way import: run with the same rules over a few files written to a temporary folder, each
 * wrong import is a violation and the right ones are not. Without this, a rule that matches nothing
 * (a typo in a path pattern) would pass lint forever.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cruise, type IConfiguration, type ICruiseResult } from 'dependency-cruiser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as IConfiguration;

/** path -> the files it imports (relative specifiers, as in the code base: explicit `.ts`). */
const FIXTURE: Record<string, string[]> = {
  'src/domain/age.ts': [],
  'src/domain/rules.ts': ['./age.ts', '../db/database.ts'],
  'src/db/database.ts': ['../domain/age.ts'],
  'src/pos/port.ts': [],
  'src/pos/registry.ts': ['./treez/registration.ts', './port.ts'],
  'src/pos/treez/registration.ts': ['./client.ts'],
  'src/pos/treez/client.ts': ['../port.ts', '../cova/mapping.ts'],
  'src/pos/cova/mapping.ts': ['../port.ts'],
  'src/sync/pull.ts': ['../pos/registry.ts', '../pos/treez/client.ts'],
  'src/demo/seed.ts': ['../customers/service.ts'],
  'src/customers/service.ts': ['../domain/rules.ts', '../db/database.ts'],
  'src/customers/export.ts': ['../demo/seed.ts'],
  'src/kiosk/signup.ts': ['../customers/service.ts', '../domain/age.ts', '../pos/port.ts'],
  'src/kiosk/a.ts': ['./b.ts'],
  'src/kiosk/b.ts': ['./a.ts'],
  'src/cli/start.ts': ['../demo/seed.ts', '../kiosk/signup.ts'],
};

let dir: string;
let violations: { rule: string; from: string; to: string }[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'patron-boundaries-'));
  for (const [file, imports] of Object.entries(FIXTURE)) {
    await mkdir(path.join(dir, path.dirname(file)), { recursive: true });
    const body = imports.map((to, i) => `import * as m${i} from '${to}';\nexport const u${i} = m${i};\n`).join('');
    await writeFile(path.join(dir, file), `${body}export const here = '${file}';\n`);
  }
  // The repository's options but its tsconfig.json: the fixture has none, and needs none.
  const { tsConfig: _unused, ...options } = config.options ?? {};
  const result = await cruise(['src'], {
    ...options,
    baseDir: dir,
    validate: true,
    ruleSet: { forbidden: config.forbidden ?? [] },
  } as Parameters<typeof cruise>[1]);
  const output = result.output as ICruiseResult;
  violations = output.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const from = (file: string) => violations.filter((v) => v.from === file);

describe('the import-boundary rules', () => {
  it('refuse domain importing anything of ours', () => {
    expect(from('src/domain/rules.ts')).toEqual([
      { rule: 'domain-imports-nothing-of-ours', from: 'src/domain/rules.ts', to: 'src/db/database.ts' },
    ]);
  });

  it("refuse a vendor folder importing another vendor's", () => {
    expect(from('src/pos/treez/client.ts')).toEqual([
      { rule: 'pos-vendor-not-another-vendor', from: 'src/pos/treez/client.ts', to: 'src/pos/cova/mapping.ts' },
    ]);
  });

  it('refuse a module reaching into a vendor folder, and let it use the registry', () => {
    expect(from('src/sync/pull.ts')).toEqual([
      { rule: 'pos-vendor-private', from: 'src/sync/pull.ts', to: 'src/pos/treez/client.ts' },
    ]);
    expect(from('src/pos/registry.ts')).toEqual([]);
  });

  it('refuse a module other than the CLI importing the demo', () => {
    expect(from('src/customers/export.ts')).toEqual([
      { rule: 'demo-only-from-cli-and-tests', from: 'src/customers/export.ts', to: 'src/demo/seed.ts' },
    ]);
    expect(from('src/cli/start.ts')).toEqual([]);
  });

  it('refuse a cycle of two files', () => {
    const cycle = violations.filter((v) => v.rule === 'no-circular');
    expect(cycle.length).toBeGreaterThan(0);
    for (const v of cycle) expect([v.from, v.to].sort()).toEqual(['src/kiosk/a.ts', 'src/kiosk/b.ts']);
  });

  it('let imports that point inward through', () => {
    for (const file of ['src/kiosk/signup.ts', 'src/customers/service.ts', 'src/db/database.ts', 'src/demo/seed.ts']) {
      expect(from(file), file).toEqual([]);
    }
  });
});
