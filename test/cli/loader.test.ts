import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { TestProject } from '../helpers/cli';

// The TypeScript loader as built (dist/), in a node process of its own: `.js` specifiers in TypeScript sources,
// compiled `.js` files beside their sources, ES modules with top-level await, in both module systems.
const LOADER = resolve(__dirname, '../../dist/src/config/ts-loader.js');

/** Loads `file` through loadUserFile in a new node process; prints what it exports and the loader's warnings. */
function load(project: TestProject, file: string): Promise<{ code: number; exports?: Record<string, unknown>; warnings: string[]; error?: string }> {
  const script = `
    const loader = require(${JSON.stringify(LOADER)});
    const warnings = [];
    loader.onLoaderWarning((w) => warnings.push(w.message));
    loader.loadUserFile(${JSON.stringify(join(project.dir, file))}, (reason) => new Error(reason)).then(
      (exports) => console.log(JSON.stringify({ exports: { ...exports }, warnings })),
      (error) => console.log(JSON.stringify({ error: error.message, warnings })),
    );`;
  return new Promise((done) => {
    execFile(process.execPath, ['-e', script], { cwd: project.dir }, (error, stdout, stderr) => {
      try {
        done({ code: error ? 1 : 0, ...JSON.parse(stdout) });
      } catch {
        done({ code: 1, warnings: [], error: `${stdout}${stderr}` });
      }
    });
  });
}

const SOURCES = {
  'lib/b.ts': "export const b: string = 'b.ts';\n",
  'lib/c.ts': "export const c: string = 'c.ts';\n",
  // What tsc left beside c.ts when it ran without outDir.
  'lib/c.js': "exports.c = 'the compiled c.js';\n",
  'lib/d.mts': "export const d: string = 'd.mts';\n",
  'lib/e.cts': "export const e: string = 'e.cts';\n",
};

describe('the TypeScript loader', () => {
  const projects: TestProject[] = [];
  const create = (files: Record<string, string>): TestProject => {
    const project = TestProject.create('sqlite::memory:', files);
    projects.push(project);
    return project;
  };
  afterAll(() => {
    for (const p of projects) p.cleanup();
  });

  it('in a CommonJS package, resolves .js specifiers to sources and prefers a source to the .js beside it, warning once', async () => {
    const project = create({
      ...SOURCES,
      'package.json': JSON.stringify({ name: 'app' }),
      'main.ts': "import { b } from './lib/b.js';\nimport { c } from './lib/c.js';\nimport { c as again } from './lib/c';\nimport { e } from './lib/e.cjs';\nexport const seen = [b, c, again, e];\n",
    });
    const result = await load(project, 'main.ts');
    expect(result.error).toBeUndefined();
    expect(result.exports).toEqual({ seen: ['b.ts', 'c.ts', 'c.ts', 'e.cts'] });
    expect(result.warnings).toEqual([expect.stringMatching(/^lib\/c\.js is ignored: it was compiled beside its source lib\/c\.ts, which is loaded instead\. Set "outDir" in tsconfig\.json/)]);
  });

  it('in an ES module package, loads through import(): top-level await, import.meta, .js specifiers, .mts and .cts', async () => {
    const project = create({
      ...SOURCES,
      'package.json': JSON.stringify({ name: 'app', type: 'module' }),
      'main.ts': [
        "import { b } from './lib/b.js';",
        "import { c } from './lib/c.js';",
        "import { d } from './lib/d.mjs';",
        "import e from './lib/e.cjs';",
        'const later: string = await Promise.resolve(\'awaited\');',
        "export const seen = [b, c, d, e.e, later, import.meta.url.endsWith('/main.ts')];",
        '',
      ].join('\n'),
    });
    const result = await load(project, 'main.ts');
    expect(result.error).toBeUndefined();
    expect(result.exports).toEqual({ seen: ['b.ts', 'c.ts', 'd.mts', 'e.cts', 'awaited', true] });
    expect(result.warnings).toEqual([expect.stringMatching(/^lib\/c\.js is ignored: it was compiled beside its source lib\/c\.ts/)]);
  });

  it('loads an .mts from a CommonJS package as an ES module', async () => {
    const project = create({ ...SOURCES, 'package.json': JSON.stringify({ name: 'app' }), 'main.mts': "import { d } from './lib/d.mjs';\nexport const seen = [d, await Promise.resolve(1)];\n" });
    expect(await load(project, 'main.mts')).toMatchObject({ exports: { seen: ['d.mts', 1] } });
  });

  it('says what to do about top-level await in a CommonJS file', async () => {
    const project = create({ 'package.json': JSON.stringify({ name: 'app' }), 'main.ts': 'export const x = await Promise.resolve(1);\n' });
    expect((await load(project, 'main.ts')).error).toBe('it uses top-level await, which only an ES module can: set "type": "module" in package.json, or give the file the extension .mts');
  });

  it('names a missing module and a syntax error with its position, in an ES module', async () => {
    const project = create({ 'package.json': JSON.stringify({ name: 'app', type: 'module' }), 'missing.ts': "import { x } from './nowhere.js';\nexport { x };\n", 'broken.ts': 'export const x = {\n' });
    expect((await load(project, 'missing.ts')).error).toBe(`Cannot find module '${join(project.dir, 'nowhere.js')}' imported from ${join(project.dir, 'missing.ts')}`);
    expect((await load(project, 'broken.ts')).error).toMatch(/^Expected .*\(line 2, column 1\)$|^Unexpected token .*\(line \d+, column \d+\)$/);
  });

  it('says how to break an ES module import cycle that decorator metadata walks into', async () => {
    const entity = (name: string, other: string, extra: string): string => [
      "import { BelongsTo, HasOne, PrimaryKey, Table } from 'strata-orm';",
      `import { ${other} } from './${other.toLowerCase()}.js';`,
      `@Table() export class ${name} { @PrimaryKey() id!: number; ${extra} }`,
      '',
    ].join('\n');
    const project = create({
      'package.json': JSON.stringify({ name: 'app', type: 'module' }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { experimentalDecorators: true, emitDecoratorMetadata: true } }),
      'user.ts': entity('User', 'Profile', "@HasOne(() => Profile, { foreignKey: 'userId' }) profile?: Profile;"),
      'profile.ts': entity('Profile', 'User', '@BelongsTo(() => User) user?: User;'),
    });
    expect((await load(project, 'profile.ts')).error).toBe(
      "Cannot access 'Profile' before initialization. If Profile is a related entity in a cycle of imports, type the relation property Relation<Profile> (import type { Relation } from 'strata-orm')",
    );
  });

  it('lets import() load TypeScript once registerTypeScript has run, in an ES module app', async () => {
    const project = create({
      ...SOURCES,
      'package.json': JSON.stringify({ name: 'app', type: 'module' }),
      'run.mjs': `import { registerTypeScript } from ${JSON.stringify(LOADER)};\nregisterTypeScript();\nconst { b } = await import('./lib/b.ts');\nconst { d } = await import('./lib/d.mts');\nconsole.log(b, d);\n`,
    });
    const ran = await new Promise<{ stdout: string; stderr: string }>((done) => {
      execFile(process.execPath, ['run.mjs'], { cwd: project.dir }, (_error, stdout, stderr) => done({ stdout, stderr }));
    });
    expect(ran).toEqual({ stdout: 'b.ts d.mts\n', stderr: '' });
  });

  it('runs a TypeScript main file with registerTypeScript in a --require preload, and import() still loads TypeScript', async () => {
    // Node 20 runs preloads on its module loader's thread too; registering module hooks there ended the process
    // with status 1 and nothing printed.
    const project = create({
      ...SOURCES,
      'package.json': JSON.stringify({ name: 'app' }),
      'register.cjs': `require(${JSON.stringify(LOADER)}).registerTypeScript();\n`,
      'main.ts': "import { b } from './lib/b.js';\nconst later: Promise<{ d: string }> = import('./lib/d.mts');\nvoid later.then(({ d }) => console.log(b, d));\n",
    });
    const ran = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(process.execPath, ['--require', './register.cjs', 'main.ts'], { cwd: project.dir }, (error, stdout, stderr) => done({ code: error ? 1 : 0, stdout, stderr }));
    });
    expect(ran).toEqual({ code: 0, stdout: 'b.ts d.mts\n', stderr: '' });
  });
});
