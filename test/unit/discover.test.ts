import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LoaderWarning, onLoaderWarning } from '../../src/config/loader-warnings';
import { discoverMigrations } from '../../src/migrator/discover';

describe('discoverMigrations', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'strata-discover-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const names = (): string[] => discoverMigrations(dir).map((f) => f.path.slice(dir.length + 1));

  it('finds migrations of every module extension, in name order', () => {
    for (const file of ['3-c.cts', '1-a.mts', '2-b.mjs', '4-d.cjs', '5-e.js', '0-z.ts', 'types.d.ts', '.hidden.ts', 'notes.md']) writeFileSync(join(dir, file), '');
    expect(names()).toEqual(['0-z.ts', '1-a.mts', '2-b.mjs', '3-c.cts', '4-d.cjs', '5-e.js']);
  });

  it('takes a .js that tsc compiled beside its .ts for the same migration, not a second one, and says so', () => {
    for (const file of ['1-init.ts', '1-init.js', '1-init.js.map', '2-add.mts', '2-add.mjs']) writeFileSync(join(dir, file), '');
    const warnings: LoaderWarning[] = [];
    const stop = onLoaderWarning((w) => warnings.push(w));
    try {
      expect(names()).toEqual(['1-init.ts', '2-add.mts']);
    } finally {
      stop();
    }
    expect(warnings.map((w) => w.file)).toEqual([join(dir, '1-init.js'), join(dir, '2-add.mjs')]);
  });

  it('still refuses two migrations of one name that are not a source and its output', () => {
    for (const file of ['1-init.ts', '1-init.mjs']) writeFileSync(join(dir, file), '');
    expect(() => discoverMigrations(dir)).toThrow('Two migration files are both named 1-init: 1-init.mjs and 1-init.ts; delete one.');
  });
});
