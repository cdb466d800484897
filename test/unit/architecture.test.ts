import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

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
});
