import { existsSync } from 'node:fs';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { describeEachDialect } from '../helpers/dialects';
import { CONFIG, NOTE_ENTITY, type OrmResult, TestProject, TSCONFIG } from '../helpers/cli';
import { resolveConnection } from '../../src/runtime/knex-config';

/** A migration that creates a table and logs its run in `runs`, taking `pauseMs` in between. */
function migration(table: string, pauseMs: number): string {
  return `import type { Knex } from 'knex';
export async function up(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasTable('runs'))) await knex.schema.createTable('runs', (t) => { t.string('name'); });
  await knex.schema.createTable('${table}', (t) => { t.increments('id'); });
  await new Promise((resolve) => setTimeout(resolve, ${pauseMs}));
  await knex('runs').insert({ name: '${table}' });
}
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('${table}');
}
`;
}

/** A migration that creates a table, says so in a marker file, then waits to be killed. */
const HANGING = `import type { Knex } from 'knex';
import { writeFileSync } from 'node:fs';
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('half_done', (t) => { t.increments('id'); });
  writeFileSync(process.env.STRATA_TEST_MARKER!, 'inside');
  await new Promise((resolve) => setTimeout(resolve, 60_000));
}
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('half_done');
}
`;

describeEachDialect('concurrent and crashed db:migrate runs', (db, dialect) => {
  let project: TestProject;
  let knex: Knex;
  beforeAll(() => {
    project = TestProject.create(db().url, { 'orm.config.ts': CONFIG, 'tsconfig.json': TSCONFIG, 'entities/note.ts': NOTE_ENTITY });
    knex = knexFactory(resolveConnection({ url: db().url }).config);
  });
  afterAll(async () => {
    await knex?.destroy();
    project?.cleanup();
  });

  // On SQLite the first migration outlasts the connection's busy_timeout (10 s): the others must wait for the
  // run's lock, on a fresh database (the history table is created under it), not for the write lock.
  it('applies each migration exactly once when 8 processes migrate together, and all exit 0', async () => {
    project.write('migrations/20260101000001-one.ts', migration('one', db().dialect === 'sqlite' ? 10_500 : 300));
    project.write('migrations/20260101000002-two.ts', migration('two', 100));
    project.write('migrations/20260101000003-three.ts', migration('three', 100));
    const runs = await Promise.all(Array.from({ length: 8 }, () => project.orm(['db:migrate', '--json'])));
    expect(runs.map((r: OrmResult) => r.code)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    const applied = runs.flatMap((r) => (project.json(r).migrations as { name: string; status: string }[]).filter((m) => m.status === 'applied').map((m) => m.name));
    expect(applied.sort()).toEqual(['20260101000001-one', '20260101000002-two', '20260101000003-three']);
    expect((await knex('runs').pluck('name')).sort()).toEqual(['one', 'three', 'two']);
    expect(await knex('strata_migrations').count({ n: '*' })).toEqual([{ n: dialect === 'sqlite' ? 3 : '3' }]);
  });

  // MariaDB commits each DDL statement: the table the killed run created stays, and is dropped by hand before the rerun.
  const transactionalDdl = dialect !== 'mysql';

  it('leaves no lock and no half-applied migration (MariaDB: what it created stays) when a run is killed mid-migration', async () => {
    const marker = join(project.dir, 'marker');
    project.write('migrations/20260101000004-hangs.ts', HANGING);
    const child = project.spawn(['db:migrate'], { STRATA_TEST_MARKER: marker });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    for (let i = 0; i < 200 && !existsSync(marker); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(marker)).toBe(true);
    child.kill('SIGKILL');
    await exited;

    const status = await project.orm(['migrate:status', '--json']);
    expect(project.json(status).pending).toEqual(['20260101000004-hangs']);
    expect(await knex.schema.hasTable('half_done')).toBe(!transactionalDdl);
    if (!transactionalDdl) await knex.schema.dropTable('half_done');

    project.write('migrations/20260101000004-hangs.ts', migration('half_done', 0));
    const started = Date.now();
    const rerun = await project.orm(['db:migrate', '--lock-timeout', '5']);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain('✔ 20260101000004-hangs');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
