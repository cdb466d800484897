import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { shortHash } from '../../src/util/identifier';
import sqlite3 from 'sqlite3';
import { describeEachDialect } from '../helpers/dialects';
import { CONFIG, NOTE_ENTITY, STACK_LINE, TestProject, TSCONFIG } from '../helpers/cli';
import { resolveConnection } from '../../src/runtime/knex-config';

const up = (body: string, config = ''): string => `import type { Knex } from 'knex';
export async function up(knex: Knex): Promise<void> {
${body}
}
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('made');
}
${config}`;

/** Takes the migration lock the way a run in another process would; resolves to the function releasing it. */
async function holdMigrationLock(knex: Knex, dialect: string, url: string): Promise<() => Promise<void>> {
  if (dialect === 'postgres') {
    const holder = await knex.client.acquireConnection();
    await knex.raw(`SELECT pg_advisory_lock(('x' || substr(md5(current_schema() || '.' || 'strata_migrations'), 1, 16))::bit(64)::bigint)`).connection(holder);
    return async () => {
      await knex.raw('SELECT pg_advisory_unlock_all()').connection(holder);
      await knex.client.releaseConnection(holder);
    };
  }
  if (dialect === 'mysql') {
    // A named lock of the server, named after the database and the history table (src/dialects/mysql/lock.ts).
    const holder = await knex.client.acquireConnection();
    const [[{ db }]] = (await knex.raw('SELECT DATABASE() AS db').connection(holder)) as [[{ db: string }]];
    const name = `strata_migrate_${shortHash(`${db}.strata_migrations`)}`;
    const [[{ locked }]] = (await knex.raw('SELECT GET_LOCK(?, 0) AS locked', [name]).connection(holder)) as [[{ locked: number }]];
    if (Number(locked) !== 1) throw new Error(`could not take ${name}`);
    return async () => {
      await knex.raw('SELECT RELEASE_LOCK(?)', [name]).connection(holder);
      await knex.client.releaseConnection(holder);
    };
  }
  const lock = new sqlite3.Database(`${url.slice('sqlite:'.length).replace(/\?driver=.*$/, '')}.strata_migrations.lock`);
  await new Promise<void>((resolve, reject) => lock.exec('BEGIN EXCLUSIVE', (e) => (e ? reject(e) : resolve())));
  return () => new Promise((resolve) => lock.exec('ROLLBACK', () => lock.close(() => resolve())));
}

/** Creates the table of the projects' Note entity, so that migrate:status can report "in sync". */
const NOTES = `  await knex.schema.createTable('notes', (t) => { t.increments('id'); t.string('text', 255).notNullable(); });`;

describeEachDialect('failing, edited and missing migrations', (db, dialect) => {
  let project: TestProject;
  let knex: Knex;
  beforeEach(() => {
    project = TestProject.create(db().url, { 'orm.config.ts': CONFIG, 'tsconfig.json': TSCONFIG, 'entities/note.ts': NOTE_ENTITY, 'migrations/.gitkeep': '' });
    knex = knexFactory(resolveConnection({ url: db().url }).config);
  });
  afterEach(async () => {
    await knex.schema.dropTableIfExists('made');
    await knex.schema.dropTableIfExists('notes');
    await knex.schema.dropTableIfExists('strata_migrations');
    await knex.destroy();
    project.cleanup();
  });

  it('rolls a failing migration back (where DDL commits by itself, says what stays), records nothing, names the file and the statement, and applies it once fixed', async () => {
    project.write('migrations/20260101000001-make.ts', up(`  await knex.schema.createTable('made', (t) => { t.increments('id'); });\n  await knex.raw('insert into made (nope) values (1)');`));
    const failed = await project.orm(['db:migrate']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('✖ 20260101000001-make');
    const transactional = dialect !== 'mysql';
    const outcome = transactional
      ? 'was rolled back: nothing of it was applied'
      : 'ran outside a transaction: the statement it completed before failing stays done, and it is not recorded as applied: \\(1\\) create table [^;]*made[^;]*\\. ' +
        'Undo those by hand, or make the migration skip what is already there, before running it again ' +
        '\\(`orm db:migrate:undo` would revert the migration applied before this one, not these statements\\)';
    expect(failed.stderr).toMatch(new RegExp(`^Error: Migration 20260101000001-make failed \\(up\\) and ${outcome}\\. The failing statement: insert into made \\(nope\\) values \\(1\\)\\. The error: .*nope.*\\. Fix the migration and run the command again\\.\n$`));
    expect(failed.stderr).not.toMatch(STACK_LINE);
    // A file without numbered steps is one unit: on MariaDB its CREATE TABLE committed (test/cli/steps.test.ts resumes one with steps).
    expect(await knex.schema.hasTable('made')).toBe(!transactional);
    expect(Number(((await knex('strata_migrations').count({ n: '*' })) as { n: number | string }[])[0]!.n)).toBe(0);
    if (!transactional) await knex.schema.dropTable('made');

    project.write('migrations/20260101000001-make.ts', up(`  await knex.schema.createTable('made', (t) => { t.increments('id'); });`));
    const fixed = await project.orm(['db:migrate']);
    expect(fixed.code).toBe(0);
    expect(await knex.schema.hasTable('made')).toBe(true);
  });

  it('stops at the failing migration, keeping the ones before it', async () => {
    project.write('migrations/20260101000001-make.ts', up(`  await knex.schema.createTable('made', (t) => { t.increments('id'); });`));
    project.write('migrations/20260101000002-fail.ts', up(`  await knex.raw('select * from nowhere');`));
    project.write('migrations/20260101000003-never.ts', up(''));
    const run = await project.orm(['db:migrate', '--json']);
    expect(run.code).toBe(1);
    expect(project.json(run)).toMatchObject({
      ok: false,
      migrations: [{ name: '20260101000001-make', status: 'applied' }, { name: '20260101000002-fail', status: 'failed' }],
      error: { kind: 'MigrationFailedError', message: expect.stringContaining('select * from nowhere') },
    });
  });

  it('reports an applied file edited since, refuses to migrate, and goes on with --allow-edited', async () => {
    project.write('migrations/20260101000001-make.ts', up(`  await knex.schema.createTable('made', (t) => { t.increments('id'); });`));
    expect((await project.orm(['db:migrate'])).code).toBe(0);
    project.write('migrations/20260101000001-make.ts', `${project.read('migrations/20260101000001-make.ts')}// reformatted\n`);
    project.write('migrations/20260101000002-next.ts', up(''));
    const status = await project.orm(['migrate:status']);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/EDITED +20260101000001-make +applied .*; the file changed after it was applied/);
    const refused = await project.orm(['db:migrate']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/This migration was edited after being applied: 20260101000001-make\..*--allow-edited/);
    expect((await project.orm(['migrate:status', '--json'])).stdout).toContain('"pending": [\n    "20260101000002-next"');
    const allowed = await project.orm(['db:migrate', '--allow-edited']);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('✔ 20260101000002-next');
  });

  it('does not count CRLF line endings, a BOM or trailing whitespace as an edit, nor a checksum recorded by an earlier version', async () => {
    const text = up(NOTES);
    project.write('migrations/20260101000001-make.ts', text);
    project.write('migrations/20260101000002-spaced.ts', up('  // trailing spaces   '));
    expect((await project.orm(['db:migrate'])).code).toBe(0);
    // Earlier versions recorded the sha256 of the bytes as they were, trailing spaces included.
    const raw = createHash('sha256').update(project.read('migrations/20260101000002-spaced.ts')).digest('hex');
    await knex('strata_migrations').where({ name: '20260101000002-spaced' }).update({ checksum: raw });
    project.write('migrations/20260101000001-make.ts', `\uFEFF${text.replace(/\n/g, '  \r\n')}\r\n`);
    const status = await project.orm(['migrate:status', '--json']);
    expect(project.json(status)).toMatchObject({ edited: [], migrations: [{ state: 'applied' }, { state: 'applied' }] });
    expect(status.code).toBe(0);
  });

  it('records the new checksum of an edited file with migrate:accept-edit, after which nothing reports it', async () => {
    project.write('migrations/20260101000001-make.ts', up(NOTES));
    project.write('migrations/20260101000002-next.ts', up(''));
    expect((await project.orm(['db:migrate'])).code).toBe(0);
    project.write('migrations/20260101000001-make.ts', `// Creates the table things are made in.\n${project.read('migrations/20260101000001-make.ts')}`);
    expect((await project.orm(['migrate:status'])).code).toBe(1);
    expect((await project.orm(['db:migrate:undo', '--step', '2'])).stderr).toMatch(/orm migrate:accept-edit <name>/);

    const accepted = await project.orm(['migrate:accept-edit', '20260101000001-make.ts', '20260101000002-next', '--json']);
    expect(accepted.code).toBe(0);
    expect(project.json(accepted)).toEqual({ ok: true, migrations: [{ name: '20260101000001-make', status: 'accepted' }, { name: '20260101000002-next', status: 'unchanged' }] });
    const status = await project.orm(['migrate:status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/applied +20260101000001-make/);
    expect((await project.orm(['db:migrate:undo'])).code).toBe(0);

    project.write('migrations/20260101000001-make.ts', `${project.read('migrations/20260101000001-make.ts')}// Reviewed.\n`);
    const all = await project.orm(['migrate:accept-edit', '--all']);
    expect(all).toMatchObject({ code: 0, stdout: expect.stringContaining('✔ 20260101000001-make: its new checksum is recorded') });
    expect((await project.orm(['migrate:check'])).stdout).not.toContain('edited');
    expect((await project.orm(['migrate:accept-edit', '--all'])).stdout).toContain('No applied migration was edited: nothing to record.');
  });

  it('reports a recorded migration whose file is gone, and refuses to revert it', async () => {
    project.write('migrations/20260101000001-make.ts', up(`  await knex.schema.createTable('made', (t) => { t.increments('id'); });`));
    expect((await project.orm(['db:migrate'])).code).toBe(0);
    project.remove('migrations/20260101000001-make.ts');
    const status = await project.orm(['migrate:status']);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/MISSING +20260101000001-make .*; the file is gone[\s\S]*missing their file: 20260101000001-make\. Restore them from version control\./);
    // db:migrate still applies what is pending, and says what it found missing.
    project.write('migrations/20260101000002-notes.ts', up(NOTES));
    const migrated = await project.orm(['db:migrate']);
    expect(migrated).toMatchObject({ code: 0, stdout: expect.stringMatching(/✔ 20260101000002-notes[\s\S]*Applied 1 migration\./) });
    expect(migrated.stderr).toBe('Warning: This applied migration has no file any more: 20260101000001-make. Restore it from version control; `orm migrate:status` lists it, and `orm migrate:check` fails until it is back.\n');
    expect(project.json(await project.orm(['db:migrate', '--json']))).toEqual({ ok: true, migrations: [], missing: ['20260101000001-make'] });
    const undo = await project.orm(['db:migrate:undo', '--step', '2']);
    expect(undo.code).toBe(1);
    expect(undo.stderr).toMatch(/Cannot revert 20260101000001-make: its file is not in .*migrations\. Restore it from version control\./);
  });

  it('runs a file that opts out of the transaction outside one, and says what stays', async () => {
    project.write('migrations/20260101000001-make.ts', up(
      `  await knex.schema.createTable('made', (t) => { t.increments('id'); });\n  await knex.raw('select * from nowhere');`,
      'export const config = { transaction: false };\n',
    ));
    const run = await project.orm(['db:migrate']);
    expect(run.code).toBe(1);
    // Each statement that completed is named: knex may create the table in more than one.
    expect(run.stderr).toMatch(/ran outside a transaction: the (statement|\d+ statements) it completed before failing stays? done, and it is not recorded as applied: \(1\) create table [^;]*made/);
    expect(run.stderr).toContain('The failing statement: select * from nowhere.');
    expect(await knex.schema.hasTable('made')).toBe(true);
  });

  it('names the first and last ten statements of a long run outside a transaction, and how many ran', async () => {
    project.write('migrations/20260101000001-long.ts', up(
      "  for (let i = 1; i <= 25; i++) await knex.raw(`select ${i} as n`);\n  await knex.raw('select * from nowhere');",
      'export const config = { transaction: false };\n',
    ));
    const run = await project.orm(['db:migrate']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'the 25 statements it completed before failing stay done, and it is not recorded as applied: ' +
        `${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => `(${i}) select ${i} as n`).join('; ')}; … (5 more); ` +
        `${[16, 17, 18, 19, 20, 21, 22, 23, 24, 25].map((i) => `(${i}) select ${i} as n`).join('; ')}. Undo those by hand`,
    );
  });

  if (dialect === 'sqlite') {
    it('lets migrations and undos through a database that already holds a dangling row, with a warning', async () => {
      project.write('migrations/20260101000001-family.ts', `import type { Knex } from 'knex';
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('parents', (t) => { t.increments('id'); });
  await knex.schema.createTable('children', (t) => { t.increments('id'); t.integer('parent_id').references('parents.id'); });
}
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('children');
  await knex.schema.dropTable('parents');
}
`);
      project.write('migrations/20260101000002-make.ts', up(`  await knex.schema.createTable('made', (t) => { t.increments('id'); });`));
      try {
        expect((await project.orm(['db:migrate', '--to', '20260101000001-family'])).code).toBe(0);
        await knex.raw('PRAGMA foreign_keys = OFF');
        await knex('children').insert({ parent_id: 7 });
        await knex.raw('PRAGMA foreign_keys = ON');
        const warning = 'Rows that referenced missing rows before this migration still do: 1 row of "children" (rowid 1; children.parent_id → parents.id). They did not stop it; fix or delete them.';
        const applied = await project.orm(['db:migrate']);
        expect(applied).toMatchObject({ code: 0, stderr: `Warning: 20260101000002-make: ${warning}\n` });
        const reverted = await project.orm(['db:migrate:undo', '--json']);
        expect(reverted.code).toBe(0);
        expect(project.json(reverted)).toEqual({ ok: true, migrations: [expect.objectContaining({ name: '20260101000002-make', status: 'reverted', warnings: [warning] })] });
      } finally {
        await knex.schema.dropTableIfExists('children');
        await knex.schema.dropTableIfExists('parents');
      }
    });
  }

  it('gives up waiting for another run after --lock-timeout, with a clear message', async () => {
    project.write('migrations/20260101000001-make.ts', up(''));
    const release = await holdMigrationLock(knex, dialect, db().url);
    try {
      const started = Date.now();
      const run = await project.orm(['db:migrate', '--lock-timeout', '1']);
      expect(run.code).toBe(1);
      const what = { postgres: 'PostgreSQL advisory lock', sqlite: 'SQLite lock file .*\\.sqlite3\\.strata_migrations\\.lock', mysql: 'MariaDB/MySQL named lock strata_migrate_[0-9a-f]+' }[dialect];
      expect(run.stderr).toMatch(new RegExp(`Another process has been migrating this database for more than 1 s \\(${what}\\)\\..*--lock-timeout\\. A crashed run releases the lock by itself\\.`));
      expect(Date.now() - started).toBeLessThan(8000);
      expect(await knex.schema.hasTable('strata_migrations')).toBe(false);
    } finally {
      await release();
    }
  });
});

describeEachDialect('a generated rebuild of a parent table, through orm db:migrate', (db) => {
  const PARENT = (extra: string): string => `import { Column, HasMany, PrimaryKey, type Relation, Table } from 'strata-orm';
import { Child } from './child';
@Table('parents')
export class Parent {
  @PrimaryKey() id!: number;
  @Column({ length: 20 }) name!: string;${extra}
  @HasMany(() => Child) children?: Relation<Child[]>;
}
`;
  const CHILD = `import { BelongsTo, PrimaryKey, Table } from 'strata-orm';
import { Parent } from './parent';
@Table('children')
export class Child {
  @PrimaryKey() id!: number;
  @BelongsTo(() => Parent, { onDelete: 'cascade' }) parent?: Parent;
}
`;

  it('keeps every ON DELETE CASCADE child, and the file refuses to run with foreign keys on', async () => {
    const project = TestProject.create(db().url, { 'orm.config.ts': CONFIG, 'tsconfig.json': TSCONFIG, 'entities/parent.ts': PARENT(''), 'entities/child.ts': CHILD, 'migrations/.gitkeep': '' });
    const knex = knexFactory(resolveConnection({ url: db().url }).config);
    try {
      await project.orm(['migrate:generate', '--name', 'init']);
      expect((await project.orm(['db:migrate'])).code).toBe(0);
      await knex('parents').insert([{ name: 'a' }, { name: 'b' }]);
      await knex('children').insert([{ parent_id: 1 }, { parent_id: 1 }, { parent_id: 2 }]);
      project.write('entities/parent.ts', PARENT("\n  @Column({ type: 'text' }) motto!: string;").replace("@Column({ length: 20 }) name", "@Column({ type: 'text' }) name").replace("@Column({ type: 'text' }) motto!: string;", "@Column({ type: 'text', default: 'none' }) motto!: string;"));
      const generated = await project.orm(['migrate:generate', '--name', 'widen']);
      expect(generated.code).toBe(0);
      const file = project.migrations().at(-1)!;
      if (db().dialect === 'sqlite') {
        expect(project.read(`migrations/${file}`)).toContain('rebuild "parents", copying every row');
        const direct = knexFactory({ ...resolveConnection({ url: db().url }).config });
        try {
          const module = { exports: {} as { up(k: Knex): Promise<void> } };
          const ts = await import('../../src/config/ts-loader');
          new Function('module', 'exports', 'require', ts.compileTypeScript(readFileSync(join(project.dir, 'migrations', file), 'utf8'), file))(module, module.exports, require);
          await expect(direct.transaction((trx) => module.exports.up(trx))).rejects.toThrow(/must run with foreign keys off/);
        } finally {
          await direct.destroy();
        }
        expect(await knex('children').count({ n: '*' })).toEqual([{ n: 3 }]);
      }
      expect((await project.orm(['db:migrate'])).code).toBe(0);
      expect((await knex('children').orderBy('id').pluck('parent_id')).map(Number)).toEqual([1, 1, 2]);
      expect((await knex('parents').orderBy('id').pluck('motto'))).toEqual(['none', 'none']);
      expect((await project.orm(['migrate:check'])).code).toBe(0);
    } finally {
      await knex.destroy();
      project.cleanup();
    }
  });
});

describeEachDialect('a generated migration that existing rows cannot satisfy, through orm db:migrate', (db, dialect) => {
  it('is generated with a warning, then fails with a message naming the table, the column and the rows, exit 1, and changes nothing', async () => {
    const project = TestProject.create(db().url, { 'orm.config.ts': CONFIG, 'tsconfig.json': TSCONFIG, 'entities/note.ts': NOTE_ENTITY, 'migrations/.gitkeep': '' });
    const knex = knexFactory(resolveConnection({ url: db().url }).config);
    try {
      expect((await project.orm(['migrate:generate', '--name', 'init'])).code).toBe(0);
      expect((await project.orm(['db:migrate'])).code).toBe(0);
      await knex('notes').insert([{ text: 'a' }, { text: 'b' }]);
      project.write('entities/note.ts', NOTE_ENTITY.replace('@Column() text!: string;', '@Column() text!: string;\n  @Column() author!: string;'));
      const generated = await project.orm(['migrate:generate', '--name', 'add-author']);
      expect(generated.code).toBe(0);
      const warning = '"notes" has 2 row(s), and "notes"."author" is added NOT NULL without a default, so this migration will fail on them. ' +
        'Give the column a default, or add it nullable, fill it, and make it NOT NULL in a second migration.';
      expect(generated.stderr).toBe(`Warning: add column notes.author (string(255)): ${warning}\n`);
      const file = project.migrations().at(-1)!.replace(/\.ts$/, '');
      expect(project.read(`migrations/${file}.ts`)).toContain(`  // add column notes.author (string(255))\n  // WARNING: ${warning}\n`);

      const run = await project.orm(['db:migrate']);
      expect(run.code).toBe(1);
      // Where DDL commits by itself (MariaDB), the file is run step by step: the check is its first step.
      const outcome = dialect === 'mysql'
        ? `failed (up) at step 1 (add column notes.author (string(255)) (1 of 2)) and ran outside a transaction, step by step: no step ran in this run; nothing of ${file} is applied.`
        : 'failed (up) and was rolled back: nothing of it was applied.';
      expect(run.stderr).toBe(
        `Error: Migration ${file} ${outcome} ` +
          'Cannot add "notes"."author" as NOT NULL without a default: 2 row(s) would have no value in it; nothing was changed. ' +
          'Give the column a default, or add it nullable, fill it, and make it NOT NULL in a second migration.\n',
      );
      expect(await knex('notes').orderBy('id').pluck('text')).toEqual(['a', 'b']);
      expect(await knex.schema.hasColumn('notes', 'author')).toBe(false);
      expect((await knex('strata_migrations').pluck('name')).map(String)).toEqual([expect.stringMatching(/-init$/)]);
    } finally {
      await knex.destroy();
      project.cleanup();
    }
  });
});
