import knexFactory, { type Knex } from 'knex';
import { CONFIG, NOTE_ENTITY, TestProject, TSCONFIG } from '../helpers/cli';
import { describeEachDialect } from '../helpers/dialects';
import { resolveConnection } from '../../src/runtime/knex-config';

const PRODUCTION = { NODE_ENV: 'production' };

const POSTS = `import type { Knex } from 'knex';
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('posts', (t) => { t.increments('id'); t.string('title'); });
}
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('posts');
}
`;

const EMPTY_TABLE = `import type { Knex } from 'knex';
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('drafts', (t) => { t.increments('id'); });
}
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('drafts');
}
`;

describeEachDialect('commands that destroy data, with NODE_ENV=production', (db, dialect) => {
  // MariaDB's DDL commits as it goes, so a down cannot be rehearsed to measure what it drops: every undo is refused.
  const rehearsed = dialect !== 'mysql';
  const UNMEASURED = 'MariaDB/MySQL cannot roll DDL back, so the downs cannot be rehearsed';
  let project: TestProject;
  let knex: Knex;
  const count = async (table: string): Promise<number> => Number(((await knex(table).count({ n: '*' })) as { n: string | number }[])[0]!.n);
  beforeEach(async () => {
    project = TestProject.create(db().url, {
      'orm.config.ts': CONFIG, 'tsconfig.json': TSCONFIG, 'entities/note.ts': NOTE_ENTITY,
      'migrations/20260101000001-posts.ts': POSTS, 'migrations/20260101000002-drafts.ts': EMPTY_TABLE,
    });
    knex = knexFactory(resolveConnection({ url: db().url }).config);
    expect((await project.orm(['db:migrate'])).code).toBe(0);
    await knex('posts').insert([{ title: 'a' }, { title: 'b' }]);
  });
  afterEach(async () => {
    for (const table of ['drafts', 'posts', 'strata_migrations']) await knex.schema.dropTableIfExists(table);
    await knex.destroy();
    project.cleanup();
  });

  it('undoes a migration whose down drops only an empty table (MariaDB: refuses it, as it cannot measure it, until --force)', async () => {
    const undo = await project.orm(['db:migrate:undo'], PRODUCTION);
    if (rehearsed) {
      expect(undo).toMatchObject({ code: 0, stdout: expect.stringContaining('↩ 20260101000002-drafts') });
      return;
    }
    expect(undo).toMatchObject({ code: 2, stderr: expect.stringContaining(`Reverting 20260101000002-drafts would drop data that cannot be measured beforehand: ${UNMEASURED}.`) });
    expect(await knex.schema.hasTable('drafts')).toBe(true);
    expect(await project.orm(['db:migrate:undo', '--force'], PRODUCTION)).toMatchObject({ code: 0, stdout: expect.stringContaining('↩ 20260101000002-drafts') });
  });

  it.each([['db:migrate:undo:all'], ['db:migrate:undo', '--step', '2']])('refuses %s when a down drops rows, saying which, until --force', async (...args) => {
    const refused = await project.orm([...args, '--json'], PRODUCTION);
    expect(refused.code).toBe(2);
    expect(project.json(refused)).toEqual({
      ok: false,
      migrations: [],
      error: {
        kind: 'DataLossError',
        message: rehearsed
          ? expect.stringMatching(/^Reverting 20260101000002-drafts, 20260101000001-posts would drop table "posts" \(2 rows\)\. NODE_ENV is production, so nothing was changed/)
          : `Reverting 20260101000002-drafts, 20260101000001-posts would drop data that cannot be measured beforehand: ${UNMEASURED}. NODE_ENV is production, so nothing was changed: run it again with --force (API: { force: true }) if that data may go.`,
        loss: rehearsed ? { tables: [{ table: 'posts', rows: 2 }], columns: [] } : { tables: [], columns: [], unmeasured: UNMEASURED },
      },
    });
    expect(await count('posts')).toBe(2);
    expect(await count('strata_migrations')).toBe(2);

    const forced = await project.orm([...args, '--force'], PRODUCTION);
    expect(forced.code).toBe(0);
    expect(await knex.schema.hasTable('posts')).toBe(false);
  });

  it('refuses db:reset, naming every table that holds rows, until --force', async () => {
    const refused = await project.orm(['db:reset'], PRODUCTION);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^Error: Resetting the database \(dropping every table, then applying every migration\) would drop table "\w+" \(2 rows\) and table "\w+" \(2 rows\)\. NODE_ENV is production, so nothing was changed: run it again with --force/);
    expect(refused.stderr).toContain('table "posts" (2 rows)');
    expect(refused.stderr).toContain('table "strata_migrations" (2 rows)');
    expect(await count('posts')).toBe(2);
    const forced = await project.orm(['db:reset', '--force'], PRODUCTION);
    expect(forced).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Dropped every table\.\n[\s\S]*Applied 2 migrations\./) });
    expect(await count('posts')).toBe(0);
  });

  it('goes ahead outside production, as before', async () => {
    expect((await project.orm(['db:migrate:undo:all'])).code).toBe(0);
    expect(await knex.schema.hasTable('posts')).toBe(false);
  });
});
