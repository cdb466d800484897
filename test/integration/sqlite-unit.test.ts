import knexFactory, { type Knex } from 'knex';
import { resolveConnection } from '../../src/runtime/knex-config';
import { ForeignKeyCheckError, runSqliteUnit } from '../../src/dialects/sqlite/unit';

// A migration unit on SQLite switches connection-wide pragmas, which a rollback does not undo: whatever the
// unit does, the connection must come out as it went in.
describe('a SQLite migration unit', () => {
  let knex: Knex;
  const pragma = async (name: string): Promise<number> => ((await knex.raw(`PRAGMA ${name}`)) as Record<string, number>[])[0]![name]!;

  beforeEach(() => {
    knex = knexFactory(resolveConnection({ url: 'sqlite::memory:' }).config);
  });
  afterEach(() => knex.destroy());

  it('runs with foreign keys off, and leaves them on', async () => {
    expect(await pragma('foreign_keys')).toBe(1);
    expect(await runSqliteUnit(knex, true, () => pragma('foreign_keys'))).toBe(0);
    expect(await pragma('foreign_keys')).toBe(1);
  });

  it.each([true, false])('leaves foreign keys on and legacy_alter_table off when a step fails after a rebuild turned it on (transaction: %s)', async (transaction) => {
    const failing = runSqliteUnit(knex, transaction, async (db) => {
      await db.raw('PRAGMA legacy_alter_table = ON');
      throw new Error('the rename failed');
    });
    await expect(failing).rejects.toThrow('the rename failed');
    expect(await pragma('legacy_alter_table')).toBe(0);
    expect(await pragma('foreign_keys')).toBe(1);
  });

  it('rolls back and names the dangling row when foreign keys would be broken', async () => {
    await knex.raw('CREATE TABLE parents (id INTEGER PRIMARY KEY)');
    await knex.raw('CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parents (id))');
    const failing = runSqliteUnit(knex, true, (db) => db.raw('INSERT INTO children (parent_id) VALUES (7)'));
    await expect(failing).rejects.toThrow(ForeignKeyCheckError);
    await expect(failing).rejects.toThrow(/table "children" rowid 1 references "parents"/);
    expect(await knex('children').count({ n: '*' })).toEqual([{ n: 0 }]);
  });
});
