import { describeEachDialect } from '../helpers/dialects';
import knexFactory from 'knex';
import { CONFIG, NOTE_ENTITY, TestProject, TSCONFIG } from '../helpers/cli';
import { resolveConnection } from '../../src/runtime/knex-config';

/** Creates the notes table, then fails: a migration to fix by hand. */
const FAILING = `import type { Knex } from 'knex';
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notes', (t) => { t.increments('id'); t.string('text', 255).notNullable(); });
  await knex.raw('select * from no_such_table');
}
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('notes');
}
`;

describeEachDialect('migrate:resolve', (db, dialect) => {
  let project: TestProject;
  beforeAll(() => {
    project = TestProject.create(db().url, { 'orm.config.ts': CONFIG, 'tsconfig.json': TSCONFIG, 'entities/note.ts': NOTE_ENTITY });
  });
  afterAll(() => project?.cleanup());
  const name = '20260101000000-notes';

  it('marks a failed migration applied once it was fixed by hand, with the production guard', async () => {
    project.write(`migrations/${name}.ts`, FAILING);
    expect((await project.orm(['db:migrate'])).code).toBe(1);
    // Fixed outside Strata: the table the migration meant to create, made by hand. MariaDB committed the migration's
    // CREATE TABLE before the failure, so the table is there already.
    const knex = knexFactory(resolveConnection({ url: db().url }).config);
    try {
      expect(await knex.schema.hasTable('notes')).toBe(dialect === 'mysql');
      if (dialect !== 'mysql') await knex.schema.createTable('notes', (t) => { t.increments('id'); t.string('text', 255).notNullable(); });
    } finally {
      await knex.destroy();
    }

    const refused = await project.orm(['migrate:resolve', '--applied', name], { NODE_ENV: 'production' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`Marking ${name} as applied records it applied without running it`);
    expect(refused.stderr).toContain('--force');
    expect(project.json(await project.orm(['migrate:status', '--json']))).toMatchObject({ pending: [name] });

    const both = await project.orm(['migrate:resolve', '--applied', name, '--rolled-back', name]);
    expect(both.code).toBe(2);
    const resolved = await project.orm(['migrate:resolve', '--applied', name, '--json']);
    expect(resolved.code).toBe(0);
    expect(project.json(resolved)).toEqual({ ok: true, name, status: 'applied' });
    expect(project.json(await project.orm(['migrate:status', '--json']))).toMatchObject({ inSync: true, pending: [], migrations: [{ name, state: 'applied' }] });
    const again = await project.orm(['migrate:resolve', '--applied', name]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${name} is already applied; nothing was recorded.`);
  });

  it('marks an applied migration rolled back, so that db:migrate runs it again', async () => {
    const refused = await project.orm(['migrate:resolve', '--rolled-back', name], { NODE_ENV: 'production' });
    expect(refused.code).toBe(2);
    const resolved = await project.orm(['migrate:resolve', '--rolled-back', 'notes', '--force'], { NODE_ENV: 'production' });
    expect(resolved.code).toBe(0);
    expect(resolved.stdout).toContain(`${name} is recorded as not applied; its down did not run, and \`orm db:migrate\` runs it again.`);
    expect(project.json(await project.orm(['migrate:status', '--json']))).toMatchObject({ pending: [name] });
    const unknown = await project.orm(['migrate:resolve', '--rolled-back', name]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`--rolled-back ${name} is not an applied migration`);
  });

  it('says, for a migration whose file is gone, that nothing runs it again', async () => {
    const gone = '20260101000001-gone';
    const own = TestProject.create(db().url, { 'orm.config.ts': CONFIG.replace("dir: 'migrations'", "dir: 'migrations', tableName: 'gone_migrations'"), 'tsconfig.json': TSCONFIG });
    try {
      own.write(`migrations/${gone}.ts`, 'export async function up() {}\nexport async function down() {}\n');
      expect((await own.orm(['db:migrate'])).code).toBe(0);
      own.remove(`migrations/${gone}.ts`);
      const resolved = await own.orm(['migrate:resolve', '--rolled-back', gone]);
      expect(resolved.code).toBe(0);
      expect(resolved.stdout).toContain(`${gone} is recorded as not applied; its down did not run, and its file is gone, so nothing runs it again.`);
    } finally {
      own.cleanup();
    }
  });
});
