import knexFactory from 'knex';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../helpers/dialects';
import { CONFIG, TestProject, TSCONFIG } from '../helpers/cli';
import { resolveConnection } from '../../src/runtime/knex-config';

/** The entity for the hand-made table, with one column more: what the first migration after the baseline adds. */
const AUTHOR = `import { Column, PrimaryKey, Table } from 'strata-orm';
@Table('authors')
export class Author {
  @PrimaryKey() id!: number;
  @Column({ length: 100 }) name!: string;
  @Column({ type: 'text', nullable: true }) bio!: string | null;
}
`;

/** A database built by hand, as a team adopting Strata has one. */
const HAND_SQL = {
  postgres: ['create table authors (id serial primary key, name varchar(100) not null)'],
  sqlite: ['create table authors (id integer primary key autoincrement, name varchar(100) not null)'],
  mysql: ['create table authors (id int not null auto_increment primary key, name varchar(100) not null)'],
};

describeEachDialect('db:baseline', (db, dialect) => {
  let project: TestProject;
  let fresh: TestDatabase | undefined;
  beforeAll(() => {
    project = TestProject.create(db().url, { 'orm.config.ts': CONFIG, 'tsconfig.json': TSCONFIG, 'entities/author.ts': AUTHOR });
  });
  afterAll(async () => {
    project?.cleanup();
    await fresh?.cleanup();
  });

  it('adopts a database built by hand SQL, then generate and migrate work on top', async () => {
    const knex = knexFactory(resolveConnection({ url: db().url }).config);
    try {
      for (const statement of HAND_SQL[dialect]) await knex.raw(statement);
      await knex('authors').insert({ name: 'Ann' });
    } finally {
      await knex.destroy();
    }
    const baselined = await project.orm(['db:baseline']);
    expect(baselined.code).toBe(0);
    expect(baselined.stdout).toMatch(/ {2}\+ create table authors\nWrote migrations\/\d{14}-baseline\.ts and its snapshot migrations\/\d{14}-baseline\.schema\.json, and recorded it as applied without running it\./);
    const [baseline] = project.migrations();
    const name = baseline!.replace(/\.ts$/, '');
    expect(project.json(await project.orm(['migrate:status', '--json']))).toMatchObject({
      pending: [], migrations: [{ name, state: 'applied' }], snapshot: { state: 'matches', migration: name },
    });
    const again = await project.orm(['db:baseline', '--json']);
    expect(again.code).toBe(1);
    expect(project.json(again)).toMatchObject({ ok: false, error: { message: expect.stringContaining('already holds migrations') } });

    const generated = await project.orm(['migrate:generate', 'add-bio', '--json']);
    expect(project.json(generated)).toMatchObject({ status: 'written', parent: name, drift: [], changes: [{ description: 'add column authors.bio (text, nullable)' }] });
    expect((await project.orm(['db:migrate'])).code).toBe(0);
    expect((await project.orm(['migrate:check'])).code).toBe(0);
    const check = knexFactory(resolveConnection({ url: db().url }).config);
    try {
      expect(await check('authors').select('name')).toEqual([{ name: 'Ann' }]);
    } finally {
      await check.destroy();
    }

    // The baseline builds the same schema on a fresh database.
    fresh = await createTestDatabase(dialect, 'baseline_fresh');
    expect((await project.orm(['db:migrate'], { DATABASE_URL: fresh.url })).code).toBe(0);
    expect(project.json(await project.orm(['migrate:check', '--json'], { DATABASE_URL: fresh.url }))).toMatchObject({ ok: true, changes: [], snapshot: { state: 'matches' } });
  }, 120_000);
});
