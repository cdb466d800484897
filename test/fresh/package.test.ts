import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTestDatabase, type TestDatabase, testDialects } from '../helpers/dialects';
import { FreshProject, freshPackage } from '../helpers/fresh';

// The package as npm pack makes it, installed into empty projects outside the repository.
describe('the packed package', () => {
  it('holds the built code, the docs and the license, and nothing of the repository besides', () => {
    const { tarball } = freshPackage();
    const files = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    for (const file of ['package/package.json', 'package/README.md', 'package/LICENSE', 'package/dist/cli/main.js', 'package/dist/src/index.js', 'package/dist/src/index.d.ts', 'package/docs/cli.md']) {
      expect(files).toContain(file);
    }
    expect(files.filter((f) => /^package\/(src|test|bench|cli|scripts|migrations-example)\//.test(f))).toEqual([]);
  });

  describe('installed alone, without a database driver', () => {
    let project: FreshProject;
    beforeAll(() => {
      project = FreshProject.create('bare');
    });
    afterAll(() => project?.cleanup());

    it('loads, and answers orm --help, without either driver', async () => {
      expect((await project.run(process.execPath, ['-e', "require('strata-orm'); require('strata-orm/testing')"])).code).toBe(0);
      // Exactly as a user types it: with the package installed, npx runs its binary, not the registry's `orm`.
      const help = await project.run('npx', ['orm', '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('orm db:migrate');
    });

    it.each([
      ['PostgreSQL', 'postgres://postgres@127.0.0.1:5432/test', 'pg'],
      // No SQLite driver installed: the fastest is the one to install.
      ['SQLite', 'sqlite:./dev.sqlite3', 'better-sqlite3'],
    ])('names the driver to install for %s, in one paragraph, with exit code 2', async (_engine, url, driver) => {
      const result = await project.orm(['migrate:status', '--url', url]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^Error: Connecting to .* needs the package ${driver}, which is not installed\\. Run \`npm install ${driver}\``));
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    });
  });

  describe.each(testDialects())('a CommonJS project with TypeScript 5 [%s]', (dialect) => {
    let project: FreshProject;
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase(dialect, 'fresh cjs', 'sqlite3');
      project = FreshProject.create('full');
    });
    afterAll(async () => {
      project?.cleanup();
      await database?.cleanup();
    });
    const env = () => ({ DATABASE_URL: database.url });

    it('runs init, migrate:generate, db:migrate and migrate:status through npx orm', async () => {
      expect((await project.orm(['init'])).code).toBe(0);
      const generated = await project.orm(['migrate:generate', '--name', 'init'], env());
      expect(generated.stderr).toBe('');
      expect(generated.code).toBe(0);
      expect(project.list('migrations').filter((f) => f.endsWith('.ts'))).toHaveLength(1);
      const migrated = await project.orm(['db:migrate'], env());
      expect(migrated.stdout).toMatch(/Applied 1 migration\./);
      const status = await project.orm(['migrate:status'], env());
      expect(status.stdout).toContain('Schema: in sync with the entities.');
      expect(status.code).toBe(0);
    });

    it.each(['5', 'latest'] as const)('compiles with TypeScript %s and init\'s tsconfig into dist/, which the CLI then leaves alone', async (version) => {
      project.write('check.ts', "import { reset_db } from 'strata-orm/testing';\nimport { registerTypeScript } from 'strata-orm/loader';\nimport { User } from './entities/user';\nexport const used = [reset_db, registerTypeScript, User];\n");
      const compiled = await project.tsc(['-p', '.'], version);
      expect(compiled.stdout + compiled.stderr).toBe('');
      expect(compiled.code).toBe(0);
      expect(project.exists('dist/entities/user.js')).toBe(true);
      expect(project.exists('entities/user.js')).toBe(false);
      const status = await project.orm(['migrate:status'], env());
      expect(status.stdout).toContain('Schema: in sync with the entities.');
    });
  });

  describe('a project whose tsconfig uses standard decorators', () => {
    let project: FreshProject;
    beforeAll(() => {
      project = FreshProject.create('full', { files: { 'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'nodenext', strict: true, types: ['node'], outDir: 'dist' } }) } });
    });
    afterAll(() => project?.cleanup());

    it('gets from init an example entity that states its types, and that generates a migration and compiles', async () => {
      const init = await project.orm(['init']);
      expect(init.code).toBe(0);
      // The pointer resolves: the docs ship in the package.
      const pointer = /does not turn on experimentalDecorators.*See (\S*node_modules\/strata-orm\/docs\/entities\.md)\./.exec(init.stderr);
      expect(pointer).not.toBeNull();
      expect(existsSync(resolve(project.dir, pointer![1]!))).toBe(true);
      expect(project.read('entities/user.ts')).toContain("@PrimaryKey({ type: 'integer' }) id!: number;");
      const generated = await project.orm(['migrate:generate', '--name', 'init'], { DATABASE_URL: 'sqlite:./dev.sqlite3' });
      expect(generated.stderr).toBe('');
      expect(generated.stdout).toMatch(/\+ create table users/);
      expect((await project.tsc(['-p', '.'])).code).toBe(0);
    });
  });
});
