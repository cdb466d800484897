import { describeEachDialect } from '../helpers/dialects';
import { TestProject } from '../helpers/cli';

const USER_V1 = `import { Column, HasMany, PrimaryKey, type Relation, Table, Unique } from 'strata-orm';
import { Post } from './post';

@Table('users')
export class User {
  @PrimaryKey() id!: number;
  @Unique() @Column() email!: string;
  @Column() nick!: string;
  @HasMany(() => Post) posts?: Relation<Post[]>;
}
`;

const USER_V2 = USER_V1
  .replace('@Column() nick!: string;', "@Column({ renamedFrom: 'nick' }) handle!: string;\n  @Column({ type: 'integer', nullable: true }) age!: number | null;");

const POST = `import { BelongsTo, Column, PrimaryKey, type Relation, Table } from 'strata-orm';
import { User } from './user';

@Table('posts')
export class Post {
  @PrimaryKey() id!: number;
  @Column() title!: string;
  @BelongsTo(() => User, { onDelete: 'cascade' }) user?: Relation<User>;
}
`;

describeEachDialect('the orm CLI, a team session from init to db:reset', (db, dialect) => {
  let project: TestProject;
  beforeAll(() => {
    project = TestProject.create(db().url);
  });
  afterAll(() => project?.cleanup());

  const orm = (...args: string[]) => project.orm(args);

  it('init writes the config, entities/ and migrations/, and refuses to run twice', async () => {
    const result = await orm('init');
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain('created orm.config.ts');
    for (const path of ['orm.config.ts', 'entities/user.ts', 'migrations', 'tsconfig.json']) expect(project.exists(path)).toBe(true);
    const again = await orm('init');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already has orm.config.ts; nothing was written/);
    // A deployment that forgot DATABASE_URL is refused, rather than migrating a new SQLite file beside the config.
    const unset = await project.orm(['db:migrate'], { NODE_ENV: 'production', DATABASE_URL: '' });
    expect(unset.code).toBe(2);
    expect(unset.stderr).toMatch(/^Error: No database URL is given \(no url, and DATABASE_URL is not set\), and NODE_ENV is production/);
    expect(project.exists('dev.sqlite3')).toBe(false);
  });

  it('generates the first migration from the entities, and applies it', async () => {
    project.write('entities/user.ts', USER_V1);
    project.write('entities/post.ts', POST);
    // The name as a positional word, as in `orm migrate:generate init`, is the same as --name init.
    const generated = await orm('migrate:generate', 'init');
    expect(generated.code).toBe(0);
    expect(generated.stdout).toMatch(/\+ create table users\n {2}\+ create table posts\nWrote migrations\/\d{14}-init\.ts \(2 changes\)/);
    const migrated = await orm('db:migrate');
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toMatch(/✔ \d{14}-init \(\d+ ms\)\nApplied 1 migration\./);
  });

  it('reports the schema in sync', async () => {
    const status = await orm('migrate:status');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/applied {2}\d{14}-init {2}applied \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, took \d+ ms/);
    expect(status.stdout).toContain('Schema: in sync with the entities.');
    expect((await orm('migrate:generate', '--name', 'nothing')).stdout).toContain('No changes: the database already matches the entities. Nothing was written.');
    expect(project.migrations()).toHaveLength(1);
  });

  it('writes the next migration after an entity changes, renaming rather than dropping', async () => {
    project.write('entities/user.ts', USER_V2);
    const status = await orm('migrate:status');
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/the entities need a migration[\s\S]*rename column users\.nick to handle[\s\S]*add column users\.age \(integer, nullable\)/);
    expect((await orm('migrate:check')).code).toBe(1);
    const generated = await orm('migrate:generate', '--name', 'add-age');
    expect(generated.code).toBe(0);
    expect(generated.stderr).toBe('');
    const [first, second] = project.migrations();
    expect(second! > first!).toBe(true);
    // MariaDB renames with RENAME COLUMN; knex's renameColumn there rewrites the column from SHOW FULL FIELDS.
    expect(project.read(`migrations/${second}`)).toContain(dialect === 'mysql' ? 'ALTER TABLE "users" RENAME COLUMN "nick" TO "handle"' : "t.renameColumn('nick', 'handle')");
    expect((await orm('migrate:check')).stdout).toContain('1 migration(s) pending: run `orm db:migrate`.');
    expect((await orm('db:migrate')).code).toBe(0);
    expect((await orm('migrate:check')).code).toBe(0);
  });

  it('undoes one step, shows it pending, undoes everything, and resets', async () => {
    const undo = await orm('db:migrate:undo', '--step', '1');
    expect(undo.code).toBe(0);
    expect(undo.stdout).toMatch(/↩ \d{14}-add-age \(\d+ ms\)\nReverted 1 migration\./);
    const status = await orm('migrate:status', '--json');
    expect(status.code).toBe(1);
    expect(project.json(status)).toMatchObject({ ok: true, inSync: false, pending: [expect.stringMatching(/-add-age$/)], changes: [], schema: { state: 'not-compared' } });
    const all = await orm('db:migrate:undo:all');
    expect(all.stdout).toMatch(/Reverted 1 migration\./);
    expect((await orm('db:migrate:undo')).stdout).toContain('Nothing to revert: no migration is applied.');
    const reset = await orm('db:reset');
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(/Dropped every table\.\n[\s\S]*Applied 2 migrations\./);
    expect((await orm('migrate:check', '--json')).code).toBe(0);
  });

  it('applies up to --to, and reverts down to --to, named with or without the timestamp', async () => {
    const [first, second] = project.migrations().map((f) => f.replace(/\.ts$/, ''));
    expect((await orm('db:migrate:undo', '--to', 'init')).stdout).toContain('Reverted 2 migrations.');
    const to = await orm('db:migrate', '--to', first!);
    expect(to.stdout).toContain(`✔ ${first}`);
    expect(to.stdout).not.toContain(second!);
    expect((await orm('db:migrate', '--to', 'add-age')).stdout).toContain(`✔ ${second}`);
  });
});
