import 'reflect-metadata';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Column, DataLossError, migrateDown, migrateFresh, migrateUp, type MigrationRun, type MigratorOptions, Orm, PrimaryKey, Table,
} from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../helpers/dialects';

@Table('notes')
class Note {
  @PrimaryKey() id!: number;
  @Column() text!: string;
}

const PRODUCTION = { NODE_ENV: 'production' };

/** A CommonJS migration file. */
const file = (up: string, down: string, config = ''): string =>
  `exports.up = async (knex) => {\n${up}\n};\nexports.down = async (knex) => {\n${down}\n};\n${config}`;

const CREATE_USERS = file(
  "  await knex.schema.createTable('users', (t) => { t.increments('id'); t.string('name'); });",
  "  await knex.schema.dropTable('users');",
);
const ADD_AGE_AND_POSTS = file(
  "  await knex.schema.alterTable('users', (t) => { t.integer('age'); t.string('nick'); });\n  await knex.schema.createTable('posts', (t) => { t.increments('id'); t.string('title'); });\n  await knex.schema.createTable('tags', (t) => { t.increments('id'); });",
  // Raw DROP COLUMN: knex's dropColumn rebuilds SQLite tables in a transaction of its own.
  "  await knex.schema.dropTable('tags');\n  await knex.schema.dropTable('posts');\n  await knex.raw('ALTER TABLE users DROP COLUMN nick');\n  await knex.raw('ALTER TABLE users DROP COLUMN age');",
);
const RENAMES = file(
  "  await knex.schema.renameTable('users', 'people');\n  await knex.schema.alterTable('people', (t) => { t.renameColumn('name', 'full_name'); });",
  "  await knex.schema.alterTable('people', (t) => { t.renameColumn('full_name', 'name'); });\n  await knex.schema.renameTable('people', 'users');",
);

describeEachDialect('destroying data in production', (db, dialect) => {
  /** A test of the rehearsal of downs in a rolled-back transaction, which MariaDB's self-committing DDL rules out. */
  const itRehearsed = (name: string, fn: () => Promise<void>): void =>
    dialect === 'mysql' ? it.skip(`${name} (not on MariaDB: its DDL commits, so downs cannot be rehearsed; see "refuses … without rehearsal")`, fn) : it(name, fn);
  const count = (n: number): number | string => (dialect === 'sqlite' ? n : String(n));
  let orm: Orm;
  let dir: string;
  const options = (extra: Partial<MigratorOptions> = {}): MigratorOptions =>
    ({ knex: orm.knex, dialect: orm.dialect, migrationsDir: dir, env: PRODUCTION, ...extra });
  const write = (name: string, text: string): void => writeFileSync(join(dir, `${name}.js`), text);
  const applied = async (): Promise<string[]> => (await orm.knex('strata_migrations').orderBy('name').pluck('name')) as string[];
  const ok = (run: MigrationRun): MigrationRun => {
    if (!run.ok) throw run.error;
    return run;
  };
  const errorOf = (run: MigrationRun): Error => {
    if (run.ok) throw new Error('the run went ahead');
    return run.error;
  };

  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: [Note] });
  });
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'strata-loss-'));
    await orm.dialect.migrations.dropAll(orm.knex);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  afterAll(() => orm?.close());

  describe('migrateDown', () => {
    beforeEach(async () => {
      write('20260101000001-users', CREATE_USERS);
      write('20260101000002-more', ADD_AGE_AND_POSTS);
      ok(await migrateUp(options()));
      await orm.knex('users').insert([{ name: 'a', age: 30 }, { name: 'b' }]);
      await orm.knex('posts').insert([{ title: 'x' }, { title: 'y' }, { title: 'z' }]);
    });

    itRehearsed('rehearses the downs and refuses, saying what would be lost, when they drop tables or columns holding data', async () => {
      const run = await migrateDown(options());
      const error = errorOf(run);
      expect(error).toBeInstanceOf(DataLossError);
      expect((error as DataLossError).loss).toEqual({ tables: [{ table: 'posts', rows: 3 }], columns: [{ table: 'users', column: 'age', values: 1 }] });
      expect(error.message).toBe(
        'Reverting 20260101000002-more would drop table "posts" (3 rows) and column "users.age" (1 non-null value). ' +
          'NODE_ENV is production, so nothing was changed: run it again with --force (API: { force: true }) if that data may go.',
      );
      expect(run.results).toEqual([]);
      expect((errorOf(await migrateDown(options(), { all: true })) as DataLossError).loss).toEqual({
        tables: [{ table: 'posts', rows: 3 }, { table: 'users', rows: 2 }],
        columns: [],
      });
      expect(await applied()).toEqual(['20260101000001-users', '20260101000002-more']);
      expect(await orm.knex('posts').count({ n: '*' })).toEqual([{ n: count(3) }]);
      expect(await orm.knex.schema.hasColumn('users', 'age')).toBe(true);
    });

    if (dialect === 'mysql') {
      it('refuses every down in production without rehearsal on MariaDB, saying why, and changes nothing', async () => {
        for (const [run, names] of [[await migrateDown(options()), '20260101000002-more'], [await migrateDown(options(), { all: true }), '20260101000002-more, 20260101000001-users']] as const) {
          const error = errorOf(run);
          expect(error).toBeInstanceOf(DataLossError);
          expect((error as DataLossError).loss).toEqual({ tables: [], columns: [], unmeasured: 'MariaDB/MySQL cannot roll DDL back, so the downs cannot be rehearsed' });
          expect(error.message).toBe(
            `Reverting ${names} would drop data that cannot be measured beforehand: MariaDB/MySQL cannot roll DDL back, so the downs cannot be rehearsed. ` +
              'NODE_ENV is production, so nothing was changed: run it again with --force (API: { force: true }) if that data may go.',
          );
          expect(run.results).toEqual([]);
        }
        expect(await applied()).toEqual(['20260101000001-users', '20260101000002-more']);
        expect(await orm.knex('posts').count({ n: '*' })).toEqual([{ n: count(3) }]);
        expect(await orm.knex.schema.hasColumn('users', 'age')).toBe(true);
      });
    }

    it('goes ahead with force, or outside production', async () => {
      ok(await migrateDown(options(), { force: true }));
      expect(await orm.knex.schema.hasTable('posts')).toBe(false);
      ok(await migrateDown(options({ env: {} })));
      expect(await orm.knex.schema.hasTable('users')).toBe(false);
    });

    itRehearsed('goes ahead when what the downs drop holds nothing', async () => {
      await orm.knex('posts').delete();
      await orm.knex('users').update({ age: null });
      const run = ok(await migrateDown(options()));
      expect(run.results).toEqual([expect.objectContaining({ name: '20260101000002-more', status: 'reverted' })]);
    });

    itRehearsed('tells a rename back from a drop', async () => {
      write('20260101000003-renames', RENAMES);
      ok(await migrateUp(options()));
      ok(await migrateDown(options()));
      expect(await orm.knex('users').pluck('name')).toEqual(expect.arrayContaining(['a', 'b']));
    });

    itRehearsed('does not take a table or column dropped and another created empty for a rename', async () => {
      write('20260101000003-swap', file('', [
        "  await knex.schema.dropTable('posts');",
        "  await knex.schema.createTable('old_posts', (t) => { t.increments('id'); t.string('title'); });",
        "  await knex.raw('ALTER TABLE users DROP COLUMN name');",
        "  await knex.schema.alterTable('users', (t) => { t.string('label'); });",
      ].join('\n')));
      ok(await migrateUp(options()));
      expect((errorOf(await migrateDown(options())) as DataLossError).loss).toEqual({
        tables: [{ table: 'posts', rows: 3 }],
        columns: [{ table: 'users', column: 'name', values: 2 }],
      });
    });

    it('refuses a down that cannot be rehearsed, saying so', async () => {
      write('20260101000003-outside', file('', "  await knex.schema.dropTable('posts');", 'exports.config = { transaction: false };\n'));
      ok(await migrateUp(options()));
      const run = await migrateDown(options());
      const why = dialect === 'mysql'
        ? 'MariaDB/MySQL cannot roll DDL back, so the downs cannot be rehearsed'
        : '20260101000003-outside runs outside a transaction \\(config\\.transaction = false\\), so its down cannot be rehearsed';
      expect(errorOf(run).message).toMatch(new RegExp(`^Reverting 20260101000003-outside would drop data that cannot be measured beforehand: ${why}\\. NODE_ENV is production`));
      expect(await orm.knex.schema.hasTable('posts')).toBe(true);
    });
  });

  describe('migrateFresh', () => {
    it('refuses in production to drop tables holding rows, and goes ahead with force or on an empty database', async () => {
      write('20260101000001-users', CREATE_USERS);
      ok(await migrateFresh(options()));
      await orm.knex('users').insert({ name: 'a' });
      const run = await migrateFresh(options());
      expect((errorOf(run) as DataLossError).loss).toEqual({
        tables: expect.arrayContaining([{ table: 'users', rows: 1 }, { table: 'strata_migrations', rows: 1 }]),
        columns: [],
      });
      expect(await orm.knex('users').count({ n: '*' })).toEqual([{ n: count(1) }]);
      ok(await migrateFresh(options(), { force: true }));
      expect(await orm.knex('users').count({ n: '*' })).toEqual([{ n: count(0) }]);
    });
  });

  describe('reset_db', () => {
    it('refuses in production a database that holds a migration history, and names what it would drop', async () => {
      write('20260101000001-users', CREATE_USERS);
      ok(await migrateUp(options({ env: {} })));
      await orm.knex('users').insert({ name: 'a' });
      const error = await reset_db(orm, { env: PRODUCTION }).catch((e: Error) => e);
      expect(error).toBeInstanceOf(DataLossError);
      expect((error as Error).message).toMatch(/^reset_db, on a database that holds a migration history, would drop table "(strata_migrations|users)" \(1 row\) and table "(users|strata_migrations)" \(1 row\)\. NODE_ENV is production/);
      expect(await orm.knex.schema.hasTable('strata_migrations')).toBe(true);
      await reset_db(orm, { env: PRODUCTION, force: true });
      expect(await orm.knex.schema.hasTable('strata_migrations')).toBe(false);
    });

    it('empties a test database in production as anywhere', async () => {
      await reset_db(orm, { env: PRODUCTION });
      await orm.knex('notes').insert({ text: 'x' });
      await orm.resetDb({ env: PRODUCTION });
      expect(await orm.knex('notes').count({ n: '*' })).toEqual([{ n: count(0) }]);
      expect(readdirSync(dir)).toEqual([]);
    });
  });
});
