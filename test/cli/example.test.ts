import { execFile } from 'node:child_process';
import { cpSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIG, TestProject, TSCONFIG } from '../helpers/cli';
import { describeEachDialect } from '../helpers/dialects';
import { typeCheckFiles } from '../helpers/type-check';

const EXAMPLE = resolve(__dirname, '../../migrations-example');

function runExample(url: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(EXAMPLE, 'run.js')], { env: { ...process.env, DATABASE_URL: url, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

// The example's migration files were generated against SQLite (their headers say so) and run on PostgreSQL too; on
// MariaDB, knex's increments() is an unsigned int, which their signed integer foreign keys cannot reference.
// Migrations are generated for the engine they run on: the MariaDB suites generate their own (test/cli/workflow.test.ts).
describeEachDialect('the migrations example', (db, dialect) => {
  const onItsEngines = (name: string, fn: () => Promise<void>): void =>
    dialect === 'mysql' ? it.skip(`${name} (not on MariaDB: the example's migrations were generated against SQLite)`, fn) : it(name, fn);
  onItsEngines('runs end to end: resets through its migrations, is in sync, and its app prints what it did', async () => {
    const result = await runExample(db().url);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\$ orm db:reset\nDropped every table\.\n {2}✔ \d{14}-initial-schema \(\d+ ms\)\n {2}✔ \d{14}-add-age-rename-body \(\d+ ms\)\nApplied 2 migrations\./);
    expect(result.stdout).toContain('Schema: in sync with the entities.');
    expect(result.stdout).toContain([
      '$ node app.ts',
      'Signed up alice (#1) and bob (#2).',
      'Refused a second alice: User.username must be unique.',
      'alice (admin, author) wrote 2 post(s): Hello, world; Second thoughts',
      'bob (author) wrote 1 post(s): Bob was here',
      'Posts with an "o": "Bob was here" by bob, "Hello, world" by alice, "Second thoughts" by alice',
      'Users aged 30 or more: alice',
    ].join('\n'));
    expect((await runExample(db().url)).code).toBe(0);
  });

  onItsEngines('entity:generate reads the database back into entities that need no migration and type-check', async () => {
    const project = TestProject.create(db().url, { 'orm.config.ts': CONFIG, 'tsconfig.json': TSCONFIG });
    try {
      cpSync(join(EXAMPLE, 'migrations'), join(project.dir, 'migrations'), { recursive: true });
      expect((await project.orm(['db:reset'])).code).toBe(0);
      const generated = await project.orm(['entity:generate', '--out', 'entities']);
      expect(generated.code).toBe(0);
      expect(generated.stdout).toContain('Wrote 4 entities and index.ts.');
      const files = readdirSync(join(project.dir, 'entities')).sort();
      expect(files).toEqual(['index.ts', 'post.ts', 'role.ts', 'user-role.ts', 'user.ts']);
      expect(project.read('entities/user.ts')).toContain("@BelongsToMany(() => Role, { through: () => UserRole, foreignKey: 'userId', otherKey: 'roleId' }) roles?: Relation<Role[]>;");
      expect(project.read('entities/post.ts')).toContain("@BelongsTo(() => User, { onDelete: 'cascade' }) user?: Relation<User>;");
      expect(project.read('entities/user.ts')).toContain('@HasMany(() => Post) posts?: Relation<Post[]>;');

      const again = await project.orm(['migrate:generate', '--name', 'nothing']);
      expect(again.stdout).toContain('No changes: the database already matches the entities.');
      expect((await project.orm(['migrate:check'])).code).toBe(0);
      expect(typeCheckFiles(files.map((f) => join(project.dir, 'entities', f)))).toEqual([]);

      const refused = await project.orm(['entity:generate', '--out', 'entities']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/5 file\(s\) already exist in .*entities .*nothing was written\. Choose another --out, or pass --force/);
      expect((await project.orm(['entity:generate', '--out', 'entities', '--force'])).code).toBe(0);
    } finally {
      project.cleanup();
    }
  });
});
