import knexFactory, { type Knex } from 'knex';
import { resolveConnection } from '../../src/runtime/knex-config';
import { CONFIG, STACK_LINE, TestProject, TSCONFIG } from '../helpers/cli';
import { createTestDatabase, type TestDatabase, testDialects } from '../helpers/dialects';

/**
 * Migrations on an engine whose DDL commits by itself (MariaDB): a file that numbers its steps has each one
 * recorded as it completes, so one that fails halfway is resumed at the failed step once fixed, and undone step
 * by step. Engines with transactional DDL roll such a file back instead (test/cli/failures.test.ts).
 */

/** Five steps, each one statement; the third fails while `broken`. */
function fiveSteps(broken: boolean): string {
  const table = (name: string): string => `knex.schema.createTable('${name}', (t) => { t.integer('x'); })`;
  return `import type { Knex } from 'knex';
type Step = (n: number, description: string, run: () => Promise<void>) => Promise<void>;
const inOrder: Step = async (_n, _description, run) => run();
export async function up(knex: Knex, step: Step = inOrder): Promise<void> {
  await step(1, 'create table a', async () => { await ${table('a')}; });
  await step(2, 'create table b', async () => { await ${table('b')}; });
  await step(3, 'create table c', async () => { await knex.raw('${broken ? 'create table c (x int references no_such_table (id))' : 'create table c (x int)'}'); });
  await step(4, 'create table d', async () => { await ${table('d')}; });
  await step(5, 'create table e', async () => { await ${table('e')}; });
}
export async function down(knex: Knex, step: Step = inOrder): Promise<void> {
  for (const [n, name] of [[5, 'e'], [4, 'd'], [3, 'c'], [2, 'b'], [1, 'a']] as const) {
    await step(n, 'drop table ' + name, async () => { await knex.schema.dropTable(name); });
  }
}
`;
}

const ITEM = (extra: string): string => `import { Column, Index, PrimaryKey, Table, Unique } from 'strata-orm';
@Table('items')
export class Item {
  @PrimaryKey() id!: number;
  @Column() name!: string;
${extra}}
`;

const engines = testDialects().filter((d) => d === 'mysql');
const describeEngine = engines.length > 0 ? describe : describe.skip;

describeEngine('step progress where DDL commits by itself [mysql]', () => {
  let db: TestDatabase;
  let project: TestProject;
  let knex: Knex;
  beforeAll(async () => {
    db = await createTestDatabase('mysql', 'steps');
  });
  afterAll(async () => {
    await db?.cleanup();
  });
  beforeEach(() => {
    project = TestProject.create(db.url, { 'orm.config.ts': CONFIG, 'tsconfig.json': TSCONFIG, 'entities/item.ts': ITEM(''), 'migrations/.gitkeep': '' });
    knex = knexFactory(resolveConnection({ url: db.url }).config);
  });
  afterEach(async () => {
    await knex.raw('SET FOREIGN_KEY_CHECKS = 0');
    for (const table of ['a', 'b', 'c', 'd', 'e', 'items', 'strata_migrations']) await knex.schema.dropTableIfExists(table);
    await knex.destroy();
    project.cleanup();
  });

  const tables = async (): Promise<string[]> =>
    ((await knex.raw('SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1')) as [{ name: string }[]])[0]
      .map((r) => r.name).filter((name) => name !== 'strata_migrations');

  it('records the two steps before a failed third of five, says so, resumes at the third once fixed, and applies it once', async () => {
    project.write('migrations/20260101000001-five.ts', fiveSteps(true));
    const failed = await project.orm(['db:migrate']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe(
      'Error: Migration 20260101000001-five failed (up) at step 3 (create table c) and ran outside a transaction, step by step: ' +
        'steps applied in this run: 1 (create table a), 2 (create table b); steps 1 to 2 of 20260101000001-five are applied, and recorded as such in the history. ' +
        'The failing statement: create table c (x int references no_such_table (id)). ' +
        `The error: ${/The error: (.*?)\. Fix step 3/.exec(failed.stderr)?.[1]}. ` +
        'Fix step 3 of the migration and run `orm db:migrate` again: it goes on from step 3. Or run `orm db:migrate:undo` to undo the steps that are applied.\n',
    );
    expect(failed.stderr).not.toMatch(STACK_LINE);
    expect(await tables()).toEqual(['a', 'b']);

    const status = await project.orm(['migrate:status']);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/PARTIAL {2}20260101000001-five {2}steps 1 to 2 applied; a later step failed/);
    expect(status.stdout).toContain('20260101000001-five is applied in part (steps 1 to 2)');
    expect(project.json(await project.orm(['migrate:status', '--json']))).toMatchObject({ partial: ['20260101000001-five'], pending: [] });

    // Fixed: steps 1 and 2 are not run again (they would fail: the tables exist).
    project.write('migrations/20260101000001-five.ts', fiveSteps(false));
    const resumed = await project.orm(['db:migrate']);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(await tables()).toEqual(['a', 'b', 'c', 'd', 'e']);
    const history = (await knex('strata_migrations').select('name', 'steps_done', 'checksum')) as { name: string; steps_done: number | null }[];
    expect(history).toEqual([expect.objectContaining({ name: '20260101000001-five', steps_done: null })]);
    expect((await project.orm(['db:migrate'])).stdout).toContain('Nothing to apply: every migration is applied.');
  });

  it('records a migration applied in part as applied whole with migrate:resolve --applied, once its other steps were done by hand', async () => {
    project.write('migrations/20260101000001-five.ts', fiveSteps(true));
    expect((await project.orm(['db:migrate'])).code).toBe(1);
    for (const table of ['c', 'd', 'e']) await knex.schema.createTable(table, (t) => { t.integer('x'); });
    project.write('migrations/20260101000001-five.ts', fiveSteps(false));
    // Named as any migration may be: here by its name without the timestamp.
    const resolved = await project.orm(['migrate:resolve', '--applied', 'five']);
    expect([resolved.code, resolved.stderr]).toEqual([0, '']);
    const history = (await knex('strata_migrations').select('name', 'steps_done')) as { name: string; steps_done: number | null }[];
    expect(history).toEqual([{ name: '20260101000001-five', steps_done: null }]);
    const status = project.json(await project.orm(['migrate:status', '--json']));
    expect(status).toMatchObject({ pending: [], edited: [], migrations: [{ name: '20260101000001-five', state: 'applied' }] });
    expect(status.partial).toBeUndefined();
    expect((await project.orm(['db:migrate'])).stdout).toContain('Nothing to apply: every migration is applied.');
  });

  it('undoes only the steps a failed migration applied', async () => {
    project.write('migrations/20260101000001-five.ts', fiveSteps(true));
    expect((await project.orm(['db:migrate'])).code).toBe(1);
    const undone = await project.orm(['db:migrate:undo']);
    expect(undone.stderr).toBe('');
    expect(undone.code).toBe(0);
    expect(await tables()).toEqual([]);
    expect(Number(((await knex('strata_migrations').count({ n: '*' })) as { n: number | string }[])[0]!.n)).toBe(0);
  });

  it('goes on undoing from the step whose down failed', async () => {
    project.write('migrations/20260101000001-five.ts', fiveSteps(false));
    expect((await project.orm(['db:migrate'])).code).toBe(0);
    await knex.schema.renameTable('c', 'c_moved');
    const failed = await project.orm(['db:migrate:undo']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^Error: Migration 20260101000001-five failed \(down\) at step 3 \(drop table c\) .*steps undone in this run: 5 \(drop table e\), 4 \(drop table d\); steps 1 to 3 of 20260101000001-five are applied/);
    expect(await tables()).toEqual(['a', 'b', 'c_moved']);
    await knex.schema.renameTable('c_moved', 'c');
    expect((await project.orm(['db:migrate:undo'])).code).toBe(0);
    expect(await tables()).toEqual([]);
  });

  it('writes generated migrations a statement per step, and resumes one that rows stopped halfway', async () => {
    expect((await project.orm(['migrate:generate', '--name', 'items'])).code).toBe(0);
    expect((await project.orm(['db:migrate'])).code).toBe(0);
    await knex('items').insert([{ name: 'same' }, { name: 'same' }]);

    project.write('entities/item.ts', ITEM(`  @Column({ nullable: true }) sku?: string;
  @Index() @Column({ nullable: true }) color?: string;
`).replace("@Table('items')", "@Table('items')\n@Unique(['name'])"));
    const generated = await project.orm(['migrate:generate', '--name', 'more']);
    expect(generated.stderr).toBe('');
    const file = project.migrations().find((f) => f.endsWith('-more.ts'))!;
    const source = project.read(`migrations/${file}`);
    const steps = [...source.matchAll(/await step\((\d+), '([^']*)'/g)].map((m) => [Number(m[1]), m[2]]);
    const unique = steps.find(([, description]) => description === 'add unique items_name_unique on items (name)');
    expect(unique).toBeDefined();

    const failed = await project.orm(['db:migrate']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`failed (up) at step ${unique![0]} (add unique items_name_unique on items (name))`);
    expect(failed.stderr).toContain(`steps 1 to ${Number(unique![0]) - 1} of ${file.replace(/\.ts$/, '')} are applied`);

    await knex('items').where({ id: 2 }).delete();
    const resumed = await project.orm(['db:migrate']);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect((await project.orm(['migrate:generate', '--name', 'again'])).stdout).toContain('No changes');
    expect(await knex('items').select('name')).toEqual([{ name: 'same' }]);
  });

  it('names the statements that stay done when a hand-written file without steps fails halfway', async () => {
    project.write('migrations/20260101000001-plain.ts', `import type { Knex } from 'knex';
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('a', (t) => { t.integer('x'); });
  await knex.raw('create table b (x int)');
  await knex.raw('create table c (x int references no_such_table (id))');
}
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('c');
  await knex.schema.dropTable('b');
  await knex.schema.dropTable('a');
}
`);
    const failed = await project.orm(['db:migrate']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(
      'Error: Migration 20260101000001-plain failed (up) and ran outside a transaction: the 2 statements it completed before failing stay done, ' +
        'and it is not recorded as applied: (1) create table `a` (`x` int) default character set utf8mb4; (2) create table b (x int). ' +
        'Undo those by hand, or make the migration skip what is already there, before running it again ' +
        '(`orm db:migrate:undo` would revert the migration applied before this one, not these statements). ' +
        'The failing statement: create table c (x int references no_such_table (id)).',
    );
    expect(failed.stderr).not.toMatch(STACK_LINE);
    expect(await tables()).toEqual(['a', 'b']);
    expect((await project.orm(['migrate:status'])).stdout).toMatch(/pending\s+20260101000001-plain/);

    // Its down failing halfway: what it dropped stays dropped, and the file stays applied.
    await knex.schema.dropTable('b');
    await knex.schema.dropTable('a');
    project.write('migrations/20260101000001-plain.ts', `import type { Knex } from 'knex';
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create table a (x int)');
  await knex.raw('create table b (x int)');
}
export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table b');
  await knex.raw('drop table no_such_table');
  await knex.raw('drop table a');
}
`);
    expect((await project.orm(['db:migrate'])).code).toBe(0);
    const undo = await project.orm(['db:migrate:undo']);
    expect(undo.code).toBe(1);
    expect(undo.stderr).toContain(
      'failed (down) and ran outside a transaction: the statement it completed before failing stays done, and it is still recorded as applied: ' +
        '(1) drop table b. Redo those by hand, or make the down skip what is already undone, before running it again. The failing statement: drop table no_such_table.',
    );
    expect(await tables()).toEqual(['a']);
  });
});
