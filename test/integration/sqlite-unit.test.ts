import knexFactory, { type Knex } from 'knex';
import { resolveConnection } from '../../src/runtime/knex-config';
import { ForeignKeyCheckError, runSqliteUnit } from '../../src/dialects/sqlite/unit';
import { sqliteUrl, testSqliteDriver } from '../helpers/dialects';

// A migration unit on SQLite switches connection-wide pragmas, which a rollback does not undo: whatever the
// unit does, the connection must come out as it went in.
describe('a SQLite migration unit', () => {
  let knex: Knex;
  const pragma = async (name: string): Promise<number> => ((await knex.raw(`PRAGMA ${name}`)) as Record<string, number>[])[0]![name]!;

  beforeEach(() => {
    knex = knexFactory(resolveConnection({ url: sqliteUrl(':memory:') }).config);
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

  // Only sqlite3 runs a statement off the main thread, where it can be interrupted: on better-sqlite3 and
  // node:sqlite, the abort is seen once the statement under way has ended (see the next test).
  (testSqliteDriver() === 'sqlite3' ? it : it.skip)('stops a long statement when interrupted, rolls back, and leaves the connection as it found it', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const unit = runSqliteUnit(knex, true, async (db) => {
      await db.raw('CREATE TABLE made (id INTEGER PRIMARY KEY)');
      setTimeout(() => controller.abort(), 100);
      await db.raw('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000000) SELECT count(*) FROM c');
    }, { signal: controller.signal });
    await expect(unit).rejects.toThrow(/aborted/);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await knex.schema.hasTable('made')).toBe(false);
    expect(await pragma('foreign_keys')).toBe(1);
  });

  (testSqliteDriver() === 'sqlite3' ? it.skip : it)('on a synchronous driver, rolls back once the statement under way has ended', async () => {
    const controller = new AbortController();
    const unit = runSqliteUnit(knex, true, async (db) => {
      await db.raw('CREATE TABLE made (id INTEGER PRIMARY KEY)');
      setTimeout(() => controller.abort(), 10);
      await new Promise((r) => setTimeout(r, 50));
      await db.raw('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000) SELECT count(*) FROM c');
      await db.raw('INSERT INTO made (id) VALUES (1)');
    }, { signal: controller.signal });
    await expect(unit).rejects.toThrow(/aborted/);
    await new Promise((r) => setTimeout(r, 100));
    expect(await knex.schema.hasTable('made')).toBe(false);
    expect(await pragma('foreign_keys')).toBe(1);
  });

  it('never commits once interrupted, even when the migration ignores the interrupt', async () => {
    const controller = new AbortController();
    let finish!: () => void;
    const unit = runSqliteUnit(knex, true, async (db) => {
      await db.raw('CREATE TABLE made (id INTEGER PRIMARY KEY)');
      await new Promise<void>((resolve) => { finish = resolve; });
      await db.raw('INSERT INTO made (id) VALUES (1)');
    }, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    await expect(unit).rejects.toThrow(/aborted/);
    finish();
    await new Promise((r) => setTimeout(r, 100));
    expect(await knex.schema.hasTable('made')).toBe(false);
  });

  it('rolls back and names the dangling row when foreign keys would be broken', async () => {
    await knex.raw('CREATE TABLE parents (id INTEGER PRIMARY KEY)');
    await knex.raw('CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parents (id))');
    const failing = runSqliteUnit(knex, true, (db) => db.raw('INSERT INTO children (parent_id) VALUES (7)'));
    await expect(failing).rejects.toThrow(ForeignKeyCheckError);
    await expect(failing).rejects.toThrow(/^1 row of "children" \(rowid 1; children\.parent_id → parents\.id\) would reference missing rows after this migration; nothing was committed$/);
    await expect(failing).rejects.toMatchObject({ violations: [{ table: 'children', rowid: 1, columns: ['parent_id'], parent: 'parents', parentColumns: ['id'] }] });
    expect(await knex('children').count({ n: '*' })).toEqual([{ n: 0 }]);
  });
});

// A dangling row that was there before a migration is the data's problem: it must not block every later
// migration, and a migration that adds one must still fail, naming only the new one.
describe('a SQLite migration unit on a database that already holds a dangling row', () => {
  let knex: Knex;
  const warnings: string[] = [];
  const warn = (message: string): void => void warnings.push(message);
  const rowids = async (): Promise<number[]> => ((await knex.raw('SELECT rowid AS r FROM children ORDER BY rowid')) as { r: number }[]).map((row) => row.r);

  beforeEach(async () => {
    warnings.length = 0;
    knex = knexFactory(resolveConnection({ url: sqliteUrl(':memory:') }).config);
    await knex.raw('CREATE TABLE parents (id INTEGER PRIMARY KEY)');
    // No INTEGER PRIMARY KEY: a rebuild renumbers the rowids.
    await knex.raw('CREATE TABLE children (code TEXT PRIMARY KEY, parent_id INTEGER REFERENCES parents (id))');
    await knex('parents').insert({ id: 1 });
    await knex.raw('PRAGMA foreign_keys = OFF');
    await knex('children').insert([{ code: 'a', parent_id: 1 }, { code: 'b', parent_id: 7 }]);
    await knex.raw('PRAGMA foreign_keys = ON');
  });
  afterEach(() => knex.destroy());

  it('lets a unit that leaves it as it was commit, and warns of it', async () => {
    await runSqliteUnit(knex, true, (db) => db.raw('CREATE TABLE others (id INTEGER PRIMARY KEY)'), { warn });
    expect(await knex.schema.hasTable('others')).toBe(true);
    expect(warnings).toEqual(['Rows that referenced missing rows before this migration still do: 1 row of "children" (rowid 2; children.parent_id → parents.id). They did not stop it; fix or delete them.']);
  });

  it('knows it again after a rebuild of its table renumbered the rowids', async () => {
    await knex('children').where({ code: 'a' }).delete();
    expect(await rowids()).toEqual([2]);
    await runSqliteUnit(knex, true, async (db) => {
      await db.raw('CREATE TABLE _rebuilt (code TEXT PRIMARY KEY, parent_id INTEGER REFERENCES parents (id), note TEXT)');
      await db.raw('INSERT INTO _rebuilt (code, parent_id) SELECT code, parent_id FROM children');
      await db.raw('DROP TABLE children');
      await db.raw('ALTER TABLE _rebuilt RENAME TO children');
    }, { warn });
    expect(await rowids()).toEqual([1]);
    expect(warnings).toEqual([expect.stringContaining('1 row of "children" (rowid 1; children.parent_id → parents.id)')]);
  });

  it.each([
    ['another row with the same missing parent', "INSERT INTO children (code, parent_id) VALUES ('c', 7)", 3],
    ['a row with another missing parent', "INSERT INTO children (code, parent_id) VALUES ('c', 8)", 3],
    ['the loss of a parent a row needed', 'DELETE FROM parents WHERE id = 1', 1],
  ])('fails on %s, naming only the new dangling row, and commits nothing', async (_what, sql, rowid) => {
    const failing = runSqliteUnit(knex, true, async (db) => {
      await db.raw('CREATE TABLE others (id INTEGER PRIMARY KEY)');
      await db.raw(sql);
    }, { warn });
    await expect(failing).rejects.toThrow(new RegExp(`^1 row of "children" \\(rowid ${rowid}; children\\.parent_id → parents\\.id\\) would reference missing rows`));
    expect(await knex.schema.hasTable('others')).toBe(false);
    expect(warnings).toEqual([]);
  });
});
