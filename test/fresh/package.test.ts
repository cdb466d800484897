import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTestDatabase, type TestDatabase, testDialects } from '../helpers/dialects';
import { FreshProject, freshPackage } from '../helpers/fresh';

// The package as npm pack makes it, installed into empty projects outside the repository.

/** A program of init's project on node:sqlite: 150 rows (from 100 on, the statement's time is in its text). */
const SYNC_PROGRAM = `import { Orm, ConstraintError } from 'strata-orm';
import { User } from './entities/user';

async function main(): Promise<void> {
  const orm = await Orm.connect({ url: 'sqlite::memory:?driver=node:sqlite', entities: [User] });
  await orm.resetDb();
  const users = orm.repository(User);
  const rows = (from: number) => Array.from({ length: 150 }, (_, i) => ({ email: \`user\${from + i}@example.com\`, name: \`User \${from + i}\` }));
  const before = Date.now();
  const inserted = await users.insertMany(rows(0));
  const after = Date.now();
  const [first, last] = [await users.findById(1), await users.findById(150)];
  let refused = 'nothing';
  try {
    await users.insertMany(rows(149)); // its first row's email is taken
  } catch (error) {
    refused = error instanceof ConstraintError ? error.constructor.name : String(error);
  }
  const kept = await users.count();
  await orm.transaction(async (tx) => {
    for (let id = 1; id <= 150; id++) await tx.repository(User).update({ id }, { name: \`Renamed \${id}\` });
  });
  const renamed = await users.count({ where: { name: { startsWith: 'Renamed ' } } });
  const untyped: any = { wher: { id: 1 } }; // an option TypeScript cannot check is refused at run time
  const misspelt = await users.find(untyped).then(String, (error: Error) => error.name);
  const stamp = first!.createdAt.getTime();
  console.log(JSON.stringify({
    driver: orm.dialect.client, inserted, stampedAtInsert: stamp >= before && stamp <= after, oneStamp: stamp === last!.createdAt.getTime(), refused, kept, renamed, misspelt,
  }));
  await orm.close();
}

main();
`;
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

  // A synchronous driver runs the runtime's own paths (statements run at once, a batch as one prepared statement run for
  // each row); node:sqlite needs no install, only Node.js 22, which npm test provides (scripts/node22.sh).
  const node22 = process.env.STRATA_NODE22;
  (node22 ? describe : describe.skip)(`the runtime on node:sqlite${node22 ? '' : ': skipped, STRATA_NODE22 names no Node.js 22 binary (npm test sets it)'}`, () => {
    let project: FreshProject;
    beforeAll(() => {
      project = FreshProject.create('full');
    });
    afterAll(() => project?.cleanup());

    it('inserts a batch with its timestamps, all or none, finds by id and repeats an update in a transaction', async () => {
      expect((await project.orm(['init'])).code).toBe(0);
      project.write('sync.ts', SYNC_PROGRAM);
      const compiled = await project.tsc(['-p', '.']);
      expect(compiled.stdout + compiled.stderr).toBe('');
      const result = await project.run(node22!, ['dist/sync.js']);
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout)).toEqual({
        driver: 'node:sqlite', inserted: 150, stampedAtInsert: true, oneStamp: true, refused: 'UniqueConstraintError', kept: 150, renamed: 150, misspelt: 'QueryError',
      });
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
