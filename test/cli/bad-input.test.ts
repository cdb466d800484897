import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG, NOTE_ENTITY, type OrmResult, STACK_LINE, TestProject, TSCONFIG } from '../helpers/cli';
import { TEST_DATABASE_URL, testDialects } from '../helpers/dialects';
import { SilentServer } from '../helpers/silent-server';

/** Every case: the project's files (on top of a working one), the command, the exit code, the message. */
interface Case {
  readonly files?: Record<string, string>;
  readonly remove?: string[];
  /** Commands run first, which must succeed. */
  readonly before?: string[][];
  readonly args: string[];
  readonly env?: NodeJS.ProcessEnv;
  /** The database URL; a function is called once the suite's servers run. */
  readonly url?: string | (() => string);
  readonly code: 1 | 2;
  readonly message: RegExp;
}

/** A migration that creates a table holding a row. */
const FILLED_TABLE = `import type { Knex } from 'knex';
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('kept', (t) => { t.increments('id'); t.string('what'); });
  await knex('kept').insert({ what: 'precious' });
}
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('kept');
}
`;

const pgUnreachable = `postgres://${new URL(TEST_DATABASE_URL).username}:hunter2@127.0.0.1:1/db`;
let silent: SilentServer;

const CASES: Record<string, Case> = {
  'an unknown command': { args: ['db:migrat'], code: 2, message: /^Error: Unknown command "db:migrat"\. Did you mean db:migrate\? Run `orm --help`/ },
  'an unknown flag': { args: ['db:migrate', '--bogus'], code: 2, message: /^Error: Unknown argument: bogus\. Run `orm --help`/ },
  'an unknown flag of a command that takes words': { args: ['migrate:generate', '--nme', 'x'], code: 2, message: /^Error: Unknown argument: nme\. Did you mean --name\? Run `orm --help`/ },
  'a misspelt flag of the command': { args: ['db:migrate:undo', '--steps', '1'], code: 2, message: /^Error: Unknown argument: steps\. Did you mean --step\? Run `orm --help`/ },
  'a misspelt flag with a dash': { args: ['db:migrate', '--lock-timout', '3'], code: 2, message: /^Error: Unknown arguments: lock-timout, lockTimout\. Did you mean --lock-timeout\? Run `orm --help`/ },
  'a misspelt flag before the command, which takes it as its value': { args: ['--jsn', 'migrate:status'], code: 2, message: /^Error: Unknown argument: jsn\. Did you mean --json\? Run `orm --help`/ },
  'a misspelt command that takes words': { args: ['migrate:generat', '--name', 'x'], code: 2, message: /^Error: Unknown command "migrate:generat"\. Did you mean migrate:generate\? Run/ },
  'an unknown command after a flag\'s value': { args: ['--connect-timeout', '5', 'db:migrat'], code: 2, message: /^Error: Unknown command "db:migrat"\. Did you mean db:migrate\? Run/ },
  'a missing --name': { args: ['migrate:generate'], code: 2, message: /^Error: Missing required argument: name\. Give the migration a name, e\.g\. --name add-users \(or `orm migrate:generate add-users`\)\. Nothing was written\./ },
  'a name given both as words and as --name': { args: ['migrate:generate', 'add-users', '--name', 'add-people'], code: 2, message: /^Error: Give the migration's name once, either as `orm migrate:generate add-users` or as --name add-people, not both\. Nothing was written\./ },
  'a name with a path separator': { args: ['migrate:generate', '--name', '../escape'], code: 2, message: /^Error: The migration name "\.\.\/escape" contains a path separator; give a plain name such as "add-users".*Nothing was written\./ },
  'an unreachable PostgreSQL server': { args: ['db:migrate'], url: pgUnreachable, code: 2, message: /^Error: Cannot connect to postgres:\/\/\w+:\*\*\*@127\.0\.0\.1:1\/db: connect ECONNREFUSED 127\.0\.0\.1:1\. Is the database server running, and is the host and port right\?/ },
  'a server that accepts the connection and never answers': {
    args: ['db:migrate', '--connect-timeout', '1'], url: () => silent.url, code: 2,
    message: /^Error: Cannot connect to postgres:\/\/app:\*\*\*@127\.0\.0\.1:\d+\/app: no answer within 1 s\. .*raise the connect timeout \(--connect-timeout <seconds>/,
  },
  'a --connect-timeout that is not a number': { args: ['migrate:status', '--connect-timeout', 'soon'], code: 2, message: /^Error: --connect-timeout must be a number of seconds above 0 \(got something that is not a number\)\./ },
  'a config file with a bad connectTimeoutMs': { files: { 'orm.config.ts': CONFIG.replace('entities:', "connectTimeoutMs: '5s',\n  entities:") }, args: ['db:migrate'], code: 2, message: /^Error: In .*orm\.config\.ts, connectTimeoutMs must be a number of milliseconds above 0\./ },
  'a SQLite file in a directory that does not exist': { args: ['db:migrate'], url: 'sqlite:./no/such/dir/app.db', code: 2, message: /^Error: Cannot connect to sqlite:\.\/no\/such\/dir\/app\.db: .*SQLITE_CANTOPEN.*Does the file's directory exist/ },
  'a malformed URL': { args: ['db:migrate'], url: 'postgres//oops', code: 2, message: /^Error: The database URL "postgres\/\/oops" is not a valid URL; expected postgres:\/\/user:password@host:5432\/database, mysql:\/\/user:password@host:3306\/database or sqlite:/ },
  'a ?driver= on a server URL': { args: ['db:migrate', '--url', 'mysql://app:hunter2@127.0.0.1:1/app?driver=better-sqlite3'], code: 2, message: /^Error: The database URL "mysql:\/\/app:\*\*\*@127\.0\.0\.1:1\/app\?driver=better-sqlite3" names a driver \(\?driver=\), which only a sqlite: URL takes, to choose among SQLite's drivers; MariaDB\/MySQL runs on mysql2: remove \?driver= from the URL\./ },
  'an unsupported URL scheme': { args: ['db:migrate', '--url', 'mssql://sa@localhost/app'], code: 2, message: /^Error: The database URL "mssql:\/\/sa@localhost\/app" uses "mssql:", which Strata does not support/ },
  'a config file that throws': { files: { 'orm.config.ts': "throw new Error('the vault is sealed');\n" }, args: ['db:migrate'], code: 2, message: /^Error: Loading the config file .*orm\.config\.ts failed: the vault is sealed/ },
  'a config file that exports nothing': { files: { 'orm.config.ts': 'export {};\n' }, args: ['db:migrate'], code: 2, message: /^Error: The config file .*orm\.config\.ts exports no configuration; write `export default defineConfig\(/ },
  'a config file with a syntax error': { files: { 'orm.config.ts': 'export default {\n' }, args: ['db:migrate'], code: 2, message: /^Error: Loading the config file .*orm\.config\.ts failed: .*\(line \d+, column \d+\)/ },
  'an entity with a registration error': {
    files: { 'entities/broken.ts': "import { Column, PrimaryKey, Table } from 'strata-orm';\n@Table('broken')\nexport class Broken {\n  @PrimaryKey() id!: number;\n  @Column({ nullable: true }) size!: number | null;\n}\n" },
    args: ['migrate:generate', '--name', 'x'], code: 2,
    message: /^Error: Broken\.size \(entities\/broken\.ts\): cannot infer the column type: it is declared `number \| null`, which TypeScript emits as Object\. Add the type option: @Column\(\{ type: 'integer', nullable: true \}\)/,
  },
  'a union of string literals without a type': {
    files: { 'entities/post.ts': "import { Column, PrimaryKey, Table } from 'strata-orm';\n@Table('posts')\nexport class Post {\n  @PrimaryKey() id!: number;\n  @Column() state!: 'draft' | 'published';\n}\n" },
    args: ['migrate:generate', '--name', 'x'], code: 2,
    message: /^Error: Post\.state \(entities\/post\.ts\): cannot infer the column type: it is declared as a union of string literals \('draft' \| 'published'\), which TypeScript emits as String, as it does any string\. Add the type option: @Column\(\{ type: 'enum', enum: \['draft', 'published'\] \}\) to allow only these values, or @Column\(\{ type: 'string' \}\) for any text/,
  },
  'a misspelt decorator option, which the CLI\'s loader does not type-check': {
    files: { 'entities/draft.ts': "import { Column, PrimaryKey, Table } from 'strata-orm';\n@Table('drafts')\nexport class Draft {\n  @PrimaryKey() id!: number;\n  @Column({ type: 'string', nulable: true }) title!: string | null;\n}\n" },
    args: ['migrate:generate', '--name', 'x'], code: 2,
    message: /^Error: Draft\.title \(entities\/draft\.ts\): @Column has no option 'nulable'; its options are type, name, length, precision, scale, nullable, default, primary, autoIncrement, unique, index, enum, renamedFrom, comment\.\n$/,
  },
  'a property declared with null on a column that is not nullable': {
    files: { 'entities/draft.ts': "import { Column, PrimaryKey, Table } from 'strata-orm';\n@Table('drafts')\nexport class Draft {\n  @PrimaryKey() id!: number;\n  @Column({ type: 'string' }) title!: string | null;\n}\n" },
    args: ['migrate:generate', '--name', 'x'], code: 2,
    message: /^Error: Draft\.title \(entities\/draft\.ts\): it is declared `string \| null`, but its column is not nullable, so null would be refused; add nullable: true to its options, or declare it without null\.\n$/,
  },
  'a BelongsToMany without through': {
    files: { 'entities/tag.ts': "import { BelongsToMany, PrimaryKey, Table } from 'strata-orm';\nimport { Note } from './note';\n@Table('tags')\nexport class Tag {\n  @PrimaryKey() id!: number;\n  @BelongsToMany(() => Note, {} as never) notes?: Note[];\n}\n" },
    args: ['migrate:generate', '--name', 'x'], code: 2,
    message: /^Error: Tag\.notes \(entities\/tag\.ts\): @BelongsToMany needs the junction entity: add \{ through: \(\) => Junction \}, e\.g\. @BelongsToMany\(\(\) => Role, \{ through: \(\) => UserRole \}\)\./,
  },
  'an entity over the engine\'s limits, offline on MariaDB': {
    files: { 'entities/price.ts': "import { Column, PrimaryKey, Table } from 'strata-orm';\n@Table('prices')\nexport class Price {\n  @PrimaryKey() id!: number;\n  @Column({ type: 'decimal', precision: 70, scale: 2 }) amount!: string;\n}\n" },
    args: ['migrate:generate', '--name', 'x', '--offline'], url: 'mysql://app@127.0.0.1:1/app', code: 2,
    message: /^Error: Price\.amount \(entities\/price\.ts\): precision 70 is more digits than a MariaDB\/MySQL DECIMAL holds \(65\); use type: 'double' if an approximate number will do, or type: 'string' for the exact digits\.\n$/,
  },
  'an entity over PostgreSQL\'s limits, on the database': {
    files: { 'entities/doc.ts': "import { Column, PrimaryKey, Table } from 'strata-orm';\n@Table('docs')\nexport class Doc {\n  @PrimaryKey() id!: number;\n  @Column({ length: 20000000 }) body!: string;\n}\n" },
    args: ['migrate:generate', '--name', 'x'], url: TEST_DATABASE_URL, code: 2,
    message: /^Error: Doc\.body \(entities\/doc\.ts\): length 20,000,000 is more than a PostgreSQL varchar holds \(10,485,760 characters\); use type: 'text', which has no limit\.\n$/,
  },
  'an entities glob that matches nothing': { files: { 'orm.config.ts': CONFIG.replace('entities/**/*.ts', 'src/models/*.ts') }, args: ['migrate:status'], code: 2, message: /^Error: The entities glob 'src\/models\/\*\.ts' matches no file under/ },
  'a migration with a syntax error': { files: { 'migrations/20260101000000-broken.ts': 'export async function up(knex) {\n' }, args: ['db:migrate'], code: 1, message: /^Error: Cannot load the migration .*20260101000000-broken\.ts: Expected '}', got '<eof>' \(line 1, column \d+\)\. Nothing was run\./ },
  'a migration without up and down': { files: { 'migrations/20260101000000-empty.ts': 'export const nothing = 1;\n' }, args: ['db:migrate'], code: 1, message: /^Error: The migration .*20260101000000-empty\.ts does not export an async function up\(knex\) and an async function down\(knex\)\./ },
  'a missing migrations directory': { args: ['db:migrate', '--migrations-dir', 'nowhere'], code: 2, message: /^Error: The migrations directory .*\/nowhere does not exist; create it, run `orm init`, or point --migrations-dir at the right one\./ },
  'a --step that is not a count': { args: ['db:migrate:undo', '--step', '0'], code: 2, message: /^Error: --step must be a whole number of migrations, 1 or more \(got 0\)\./ },
  'a --step that is not a number': { args: ['db:migrate:undo', '--step', 'two'], code: 2, message: /^Error: --step must be a whole number of migrations, 1 or more \(got something that is not a number\)\./ },
  'a --to that names no pending migration': { args: ['db:migrate', '--to', 'nope'], code: 1, message: /^Error: --to nope is not a pending migration; pending: none\./ },
  'a --to that names several pending migrations': {
    files: { 'migrations/20260101000000-backfill.ts': 'export async function up() {}\nexport async function down() {}\n', 'migrations/20260102000000-backfill.ts': 'export async function up() {}\nexport async function down() {}\n' },
    args: ['db:migrate', '--to', 'backfill'], code: 1,
    message: /^Error: --to backfill matches 2 pending migrations: 20260101000000-backfill, 20260102000000-backfill\. Give the full name of the one you mean\./,
  },
  'a --lock-timeout that is not a number': { args: ['db:migrate', '--lock-timeout', 'long'], code: 2, message: /^Error: --lock-timeout must be a number of seconds, 0 or more \(got something that is not a number\)\./ },
  'migrate:accept-edit without a name or --all': { args: ['migrate:accept-edit'], code: 2, message: /^Error: Name the edited migrations to accept \(e\.g\. `orm migrate:accept-edit 20260101000000-init`\), or give --all; nothing was recorded\./ },
  'migrate:accept-edit with names and --all': { args: ['migrate:accept-edit', 'x', '--all'], code: 2, message: /^Error: Give either migration names or --all, not both; nothing was recorded\./ },
  'migrate:accept-edit of a migration that is not applied': {
    files: { 'migrations/20260101000000-init.ts': 'export async function up() {}\nexport async function down() {}\n' },
    args: ['migrate:accept-edit', '20260101000000-init'], code: 1,
    message: /^Error: 20260101000000-init is not an applied migration: only the checksum of an applied one can be accepted\. Applied: none\./,
  },
  'migrate:resolve without --applied or --rolled-back': {
    args: ['migrate:resolve'], code: 2,
    message: /^Error: Give exactly one of --applied <name> and --rolled-back <name> \(e\.g\. `orm migrate:resolve --applied 20261122093000-add-users`\); nothing was recorded\./,
  },
  'no database URL anywhere, in production': {
    args: ['db:migrate'], env: { NODE_ENV: 'production', DATABASE_URL: '' }, code: 2,
    message: /^Error: No database URL is given \(no url, and DATABASE_URL is not set\), and NODE_ENV is production, where Strata does not fall back to sqlite:\.\/dev\.sqlite3, a new, empty database there\. Set DATABASE_URL, or give the URL \(the url option; --url or url in orm\.config\.ts for the CLI\)\.\n$/,
  },
  'db:reset in production without --force': {
    files: { 'migrations/20260101000000-init.ts': FILLED_TABLE }, before: [['db:migrate']], args: ['db:reset'], env: { NODE_ENV: 'production' }, code: 2,
    message: /^Error: Resetting the database \(dropping every table, then applying every migration\) would drop table "(kept|strata_migrations)" \(1 row\) and table "(strata_migrations|kept)" \(1 row\)\. NODE_ENV is production, so nothing was changed: run it again with --force \(API: \{ force: true \}\) if that data may go\./,
  },
  'db:migrate:undo:all in production when a down drops data, without --force': {
    files: { 'migrations/20260101000000-init.ts': FILLED_TABLE }, before: [['db:migrate']], args: ['db:migrate:undo:all'], env: { NODE_ENV: 'production' }, code: 2,
    message: /^Error: Reverting 20260101000000-init would drop table "kept" \(1 row\)\. NODE_ENV is production, so nothing was changed: run it again with --force/,
  },
};

describe('the orm CLI refuses bad input in one paragraph, with no stack trace and nothing written', () => {
  beforeAll(async () => {
    silent = await SilentServer.start();
  });
  afterAll(() => silent.close());

  it.each(Object.entries(CASES).filter(([name]) => testDialects().includes('postgres') || !name.includes('PostgreSQL')))('%s', async (_name, c) => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-bad-'));
    const url = typeof c.url === 'function' ? c.url() : c.url;
    const project = TestProject.create(url ?? `sqlite:${join(dir, 'app.sqlite3')}`, {
      'orm.config.ts': CONFIG, 'tsconfig.json': TSCONFIG, 'entities/note.ts': NOTE_ENTITY, 'migrations/.gitkeep': '', ...c.files,
    });
    try {
      for (const args of c.before ?? []) expect(await project.orm(args)).toMatchObject({ code: 0 });
      const before = project.migrations();
      const result: OrmResult = await project.orm(c.args, c.env);
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: c.code, stderr: expect.stringMatching(c.message) });
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toMatch(STACK_LINE);
      expect(result.stderr).not.toContain('hunter2');
      expect(project.migrations()).toEqual(before);
    } finally {
      project.cleanup();
    }
  });

  it('prints the stack trace with --verbose', async () => {
    const project = TestProject.create('sqlite::memory:', { 'orm.config.ts': "throw new Error('the vault is sealed');\n" });
    try {
      const result = await project.orm(['db:migrate', '--verbose']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(STACK_LINE);
    } finally {
      project.cleanup();
    }
  });

  it('prints the help for a bare orm, as for --help, with exit code 0', async () => {
    const project = TestProject.create('sqlite::memory:');
    try {
      const [bare, help] = [await project.orm([]), await project.orm(['--help'])];
      expect(bare).toEqual({ code: 0, stdout: help.stdout, stderr: '' });
      expect(bare.stdout).toContain('orm db:migrate');
    } finally {
      project.cleanup();
    }
  });

  it('answers --help fast, without loading the database drivers', async () => {
    const project = TestProject.create('sqlite::memory:');
    try {
      const result = await project.orm(['--help']);
      expect(result.code).toBe(0);
      for (const command of ['init', 'migrate:generate', 'make:migration', 'db:migrate', 'db:migrate:undo', 'db:migrate:undo:all', 'migrate:status', 'migrate:check', 'migrate:accept-edit', 'migrate:rebase', 'migrate:resolve', 'migrate:squash', 'db:baseline', 'db:reset', 'entity:generate']) {
        expect(result.stdout).toContain(`orm ${command}`);
      }
    } finally {
      project.cleanup();
    }
  });
});
