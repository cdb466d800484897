import { spawnSync } from 'node:child_process';
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
      ['SQLite', 'sqlite:./dev.sqlite3', 'sqlite3'],
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
      database = await createTestDatabase(dialect, 'fresh cjs');
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
  });
});
