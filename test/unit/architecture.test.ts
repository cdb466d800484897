import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ENGINE_FOLDERS, engineViolations } from './engine-names';

/** The import rules of docs/architecture.md, checked over the source. */
const root = resolve(__dirname, '../..');

interface Import { readonly from: string; readonly to: string; readonly typeOnly: boolean; readonly spec: string }

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function imports(): Import[] {
  const out: Import[] = [];
  for (const file of [...files(join(root, 'src')), ...files(join(root, 'cli'))]) {
    // Template literals hold generated code, not imports of this file: blank them out first.
    const text = readFileSync(file, 'utf8').replace(/`[^`]*`/g, '``');
    const statements = [...text.matchAll(/^(?:import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)';/gm)];
    // require() of a module loaded on first use counts as an import too.
    const required = [...text.matchAll(/\brequire\('(\.[^']+)'\)/g)].map((m) => [m[0], undefined, m[1]] as const);
    for (const m of [...statements, ...required]) {
      const spec = m[2]!;
      const to = spec.startsWith('.') ? relative(root, resolveModule(join(dirname(file), spec))) : spec;
      out.push({ from: relative(root, file), to, typeOnly: Boolean(m[1]), spec });
    }
  }
  return out;
}

function resolveModule(path: string): string {
  for (const candidate of [`${path}.ts`, join(path, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch { /* try the next */ }
  }
  return path;
}

const all = imports();
const inside = (dir: string) => (i: Import): boolean => i.from.startsWith(`src/${dir}/`);
const runtimeImports = (i: Import): boolean => !i.typeOnly;

describe('architecture', () => {
  it('reads the imports', () => {
    expect(all.length).toBeGreaterThan(100);
  });

  it('schema/ imports only util/ (and types)', () => {
    const bad = all.filter(inside('schema')).filter(runtimeImports).filter((i) => !i.to.startsWith('src/util/') && !i.to.startsWith('src/schema/'));
    expect(bad).toEqual([]);
  });

  it.each(['diff', 'changes', 'codegen'])('%s/ touches neither knex connections nor the filesystem', (dir) => {
    const bad = all.filter(inside(dir)).filter(runtimeImports).filter((i) => i.to === 'knex' || i.to.startsWith('node:fs') || i.to === 'fs' || i.to.startsWith('src/dialects/') || i.to.startsWith('src/migrator/'));
    expect(bad).toEqual([]);
  });

  it('runtime/ never imports diff/ or codegen/', () => {
    expect(all.filter(inside('runtime')).filter((i) => i.to.startsWith('src/diff/') || i.to.startsWith('src/codegen/'))).toEqual([]);
  });

  it('migrator/ never imports diff/', () => {
    expect(all.filter(inside('migrator')).filter((i) => i.to.startsWith('src/diff/'))).toEqual([]);
  });

  it('cli/ imports only the package\'s public entry points', () => {
    // The source files behind package.json's exports: strata-orm, strata-orm/testing, strata-orm/loader.
    const exported = Object.values(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).exports as Record<string, string | { default: string }>)
      .map((e) => (typeof e === 'string' ? e : e.default)).filter((e) => e.startsWith('./dist/src/')).map((e) => e.replace('./dist/', '').replace(/\.js$/, '.ts'));
    expect(exported).toEqual(expect.arrayContaining(['src/index.ts', 'src/testing/index.ts', 'src/config/ts-loader.ts']));
    const bad = all.filter((i) => i.from.startsWith('cli/')).filter((i) => i.to.startsWith('src/') && !exported.includes(i.to));
    expect(bad).toEqual([]);
  });

  it('has no import cycles', () => {
    const edges = new Map<string, string[]>();
    for (const i of all.filter(runtimeImports).filter((i) => i.to.startsWith('src/') || i.to.startsWith('cli/'))) {
      edges.set(i.from, [...(edges.get(i.from) ?? []), i.to]);
    }
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (node: string, path: string[]): void => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(node)), node].join(' → '));
        return;
      }
      state.set(node, 'visiting');
      for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
      state.set(node, 'done');
    };
    for (const node of edges.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });

  describe('only the engine folders and the registry name an engine', () => {
    /** The one shared module that maps URL schemes and client names to engines. */
    const REGISTRY = 'src/dialects/index.ts';
    const sources = [...files(join(root, 'src')), ...files(join(root, 'cli'))].map((path) => relative(root, path));
    const inEngineFolder = (file: string): boolean => ENGINE_FOLDERS.some((engine) => file.startsWith(`src/dialects/${engine}/`));
    const checked = sources.filter((file) => !inEngineFolder(file) && file !== REGISTRY);

    it('has every folder of src/dialects/ either an engine folder or common/', () => {
      const folders = readdirSync(join(root, 'src/dialects')).filter((f) => statSync(join(root, 'src/dialects', f)).isDirectory());
      expect(folders.filter((f) => f !== 'common' && !(ENGINE_FOLDERS as readonly string[]).includes(f))).toEqual([]);
      expect(folders).toEqual(expect.arrayContaining(['postgres', 'sqlite']));
    });

    it('reads the shared code of src/ and cli/, dialects/common/ and dialects/dialect.ts included', () => {
      expect(checked.length).toBeGreaterThan(150);
      expect(checked).toEqual(expect.arrayContaining(['src/dialects/dialect.ts', 'src/dialects/common/columns.ts', 'src/steps/render.ts', 'src/runtime/repository.ts', 'cli/project.ts']));
      expect(checked).toEqual(expect.arrayContaining(['src/config/load-config.ts', 'src/runtime/knex-config.ts', 'src/dialects/target.ts']));
    });

    it('finds no engine named, and no engine folder imported, outside them', () => {
      expect(checked.flatMap((file) => engineViolations(file, readFileSync(join(root, file), 'utf8')))).toEqual([]);
    });

    it('finds what the engine folders and the registry do say, so the check reads real code', () => {
      const found = (file: string) => engineViolations(file, readFileSync(join(root, file), 'utf8')).map((v) => v.what);
      expect(found(REGISTRY)).toEqual(expect.arrayContaining([expect.stringMatching(/^imports from the postgres folder/), expect.stringMatching(/^imports from the sqlite folder/)]));
      expect(found('src/dialects/sqlite/rebuild.ts')).toEqual(expect.arrayContaining(['names an engine: "PRAGMA foreign_keys"']));
      expect(found('src/dialects/postgres/index.ts').length).toBeGreaterThan(0);
    });

    it.each([
      ['an engine compared by name', "if (dialect.name === 'sqlite') return;", 1, 'names an engine: "sqlite"'],
      ['a driver named in a string', "const client = 'better-sqlite3';", 1, 'names an engine: "better-sqlite3"'],
      ['the pg driver', "const client = 'pg';", 1, 'names an engine: "pg"'],
      ['a catalog of one engine in SQL', 'const sql = `SELECT tablename FROM pg_tables WHERE x = ${y}`;', 1, 'names an engine: "SELECT tablename FROM pg_tables WHERE x = "'],
      ['an engine in an identifier', 'export function isPostgres(): boolean { return true; }', 1, 'names an engine: "isPostgres"'],
      ['a property named after an engine', 'const x = { mariadb: 1 };', 1, 'names an engine: "mariadb"'],
      ['a pragma in SQL', "await knex.raw('PRAGMA foreign_keys');", 1, 'names an engine: "PRAGMA foreign_keys"'],
      ['SQL of one engine in a template\'s tail', 'const s = `${a} AUTOINCREMENT`;', 1, 'names an engine: " AUTOINCREMENT"'],
      ['an import from an engine folder', "import { x } from '../dialects/mysql/runtime';", 2, "imports from the mysql folder: '../dialects/mysql/runtime'"],
      ['an export from an engine folder', "export { y } from '../dialects/postgres';", 2, "imports from the postgres folder: '../dialects/postgres'"],
      ['a type import from an engine folder', "type T = import('../dialects/sqlite/drivers').SqliteDriverName;", 3, "imports from the sqlite folder: '../dialects/sqlite/drivers'"],
      ['a require of an engine folder', "const m = require('../dialects/sqlite/lock');", 2, "imports from the sqlite folder: '../dialects/sqlite/lock'"],
    ] as const)('detects %s planted in a shared file', (_what, code, count, expected) => {
      const violations = engineViolations('src/runtime/planted.ts', `// A planted violation.\n${code}\n`);
      expect(violations.map((v) => v.what)).toContain(expected);
      expect(violations).toHaveLength(count);
      expect(violations.every((v) => v.line === 2 && v.file === 'src/runtime/planted.ts')).toBe(true);
    });

    it('leaves alone comments and words that only contain an engine-like run of letters', () => {
      const text = [
        '// PostgreSQL refuses this, and SQLite ignores it: say why in a comment.',
        '/** Cuts names longer than PostgreSQL\'s 63 bytes. */',
        "const upgrade = 'pgup'; const autoIncrement = true; const pragmatic = 'pragma';",
      ].join('\n');
      expect(engineViolations('src/runtime/planted.ts', text)).toEqual([]);
    });
  });
});
