import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { Column, Defaults, Orm, PrimaryKey, Table } from '../../src';
import { finalizeStatements, runStatement, type SqliteConnection } from '../../src/dialects/sqlite/statement-cache';
import { sqliteUrl } from '../helpers/dialects';

// The SQLite runtime keeps prepared statements per connection; these tests run it on a real sqlite3 Database.

function open(file = ':memory:'): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (error) => (error ? reject(error) : resolve(db)));
  });
}

function close(db: sqlite3.Database): Promise<Error | null> {
  return new Promise((resolve) => db.close((error) => resolve(error)));
}

/** The database, with a count of the statements it prepared. */
function counted(db: sqlite3.Database): { conn: SqliteConnection; prepared: string[] } {
  const prepared: string[] = [];
  const prepare = db.prepare.bind(db) as SqliteConnection['prepare'];
  const conn = db as unknown as SqliteConnection;
  conn.prepare = (sql, callback) => {
    prepared.push(sql);
    return prepare(sql, callback);
  };
  return { conn, prepared };
}

const run = (conn: SqliteConnection, sql: string, params: unknown[] = [], rows = true) => runStatement(conn, sql, params, rows);

describe('SQLite statement cache', () => {
  let db: sqlite3.Database;
  let conn: SqliteConnection;
  let prepared: string[];

  beforeEach(async () => {
    db = await open();
    ({ conn, prepared } = counted(db));
    await run(conn, 'CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER)', [], false);
    await run(conn, 'INSERT INTO t (a) VALUES (10), (20), (30)', [], false);
    prepared.length = 0;
  });

  afterEach(async () => {
    await finalizeStatements(conn);
    expect(await close(db)).toBeNull();
  });

  it('prepares a statement once and reuses it with new values', async () => {
    const sql = 'SELECT id, a FROM t WHERE id = ?';
    expect((await run(conn, sql, [1])).rows).toEqual([{ id: 1, a: 10 }]);
    expect((await run(conn, sql, [3])).rows).toEqual([{ id: 3, a: 30 }]);
    expect(await run(conn, 'UPDATE t SET a = ? WHERE id = ?', [11, 1], false)).toEqual({ rows: [], count: 1 });
    expect(await run(conn, 'UPDATE t SET a = ? WHERE id = ?', [99, 42], false)).toEqual({ rows: [], count: 0 });
    expect(prepared).toEqual([sql, 'UPDATE t SET a = ? WHERE id = ?']);
  });

  it('prepares once when the same new statement runs several times at once', async () => {
    const results = await Promise.all([1, 2, 3].map((id) => run(conn, 'SELECT a FROM t WHERE id = ?', [id])));
    expect(results.map((r) => r.rows)).toEqual([[{ a: 10 }], [{ a: 20 }], [{ a: 30 }]]);
    expect(prepared).toHaveLength(1);
  });

  it('runs a kept statement against the current schema after the table changed or was recreated', async () => {
    const sql = 'SELECT * FROM t WHERE id > ?';
    expect((await run(conn, sql, [2])).rows).toEqual([{ id: 3, a: 30 }]);
    await run(conn, 'ALTER TABLE t ADD COLUMN b TEXT', [], false);
    expect((await run(conn, sql, [2])).rows).toEqual([{ id: 3, a: 30, b: null }]);
    await run(conn, 'DROP TABLE t', [], false);
    await expect(run(conn, sql, [0])).rejects.toThrow(/no such table: t/);
    await run(conn, 'CREATE TABLE t (id INTEGER PRIMARY KEY, c TEXT)', [], false);
    await run(conn, "INSERT INTO t (c) VALUES ('x')", [], false);
    expect((await run(conn, sql, [0])).rows).toEqual([{ id: 1, c: 'x' }]);
  });

  it('reports a statement that cannot be prepared with SQLite’s error, and prepares it again next time', async () => {
    await expect(run(conn, 'SELECT * FROM later WHERE id = ?', [1])).rejects.toMatchObject({ code: 'SQLITE_ERROR', message: expect.stringContaining('no such table: later') });
    await run(conn, 'CREATE TABLE later (id INTEGER PRIMARY KEY)', [], false);
    await run(conn, 'INSERT INTO later (id) VALUES (1)', [], false);
    expect((await run(conn, 'SELECT * FROM later WHERE id = ?', [1])).rows).toEqual([{ id: 1 }]);
    expect(prepared.filter((sql) => sql.includes('later WHERE'))).toHaveLength(2);
  });

  it('keeps using a statement after it failed on a constraint', async () => {
    await run(conn, 'CREATE TABLE u (x INTEGER UNIQUE)', [], false);
    const insert = 'INSERT INTO u (x) VALUES (?)';
    await run(conn, insert, [1], false);
    await expect(run(conn, insert, [1], false)).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT' });
    await run(conn, insert, [2], false);
    expect((await run(conn, 'SELECT x FROM u ORDER BY x')).rows).toEqual([{ x: 1 }, { x: 2 }]);
  });

  it('follows the foreign_keys pragma, which changes what a statement does', async () => {
    await run(conn, 'CREATE TABLE p (id INTEGER PRIMARY KEY)', [], false);
    await run(conn, 'CREATE TABLE c (id INTEGER PRIMARY KEY, p INTEGER REFERENCES p (id))', [], false);
    const insert = 'INSERT INTO c (p) VALUES (?)';
    await run(conn, 'PRAGMA foreign_keys = ON', [], false);
    await expect(run(conn, insert, [5], false)).rejects.toThrow(/FOREIGN KEY constraint failed/);
    await run(conn, 'PRAGMA foreign_keys = OFF', [], false);
    await run(conn, insert, [5], false);
    await run(conn, 'PRAGMA foreign_keys = ON', [], false);
    await expect(run(conn, insert, [6], false)).rejects.toThrow(/FOREIGN KEY constraint failed/);
  });

  it('does not keep statements with many parameters', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => i + 1);
    const sql = `SELECT id FROM t WHERE id IN (${ids.map(() => '?').join(', ')})`;
    expect((await run(conn, sql, ids)).rows).toHaveLength(3);
    expect((await run(conn, sql, ids)).rows).toHaveLength(3);
    expect(prepared).toEqual([]);
  });

  it('does not keep a statement that matches a bound pattern, which SQLite plans for the pattern it is prepared with', async () => {
    const cases: [string, string, string][] = [['SELECT id FROM t WHERE CAST(id AS TEXT) GLOB ?', '1*', '2*'], ["SELECT id FROM t WHERE CAST(id AS TEXT) LIKE ? ESCAPE '\\'", '1%', '2%']];
    for (const [sql, first, second] of cases) {
      expect((await run(conn, sql, [first])).rows).toEqual([{ id: 1 }]);
      expect((await run(conn, sql, [second])).rows).toEqual([{ id: 2 }]);
    }
    expect(prepared).toEqual([]);
  });

  it('does not keep a statement bound to a large value, of which it would keep a copy', async () => {
    const sql = 'SELECT length(?) AS n';
    for (const large of ['x'.repeat(64 * 1024 + 1), Buffer.alloc(64 * 1024 + 1), new Uint16Array(32 * 1024 + 1)]) {
      expect((await run(conn, sql, [large])).rows).toEqual([{ n: typeof large === 'string' ? large.length : large.byteLength }]);
    }
    expect(prepared).toEqual([]);
    expect((await run(conn, sql, ['x'.repeat(64 * 1024)])).rows).toEqual([{ n: 64 * 1024 }]);
    expect(prepared).toEqual([sql]);
  });

  it('keeps the 100 most recently used statements, finalizing the others', async () => {
    const sql = (n: number) => `SELECT ${n} AS n FROM t WHERE id = ?`;
    for (let n = 0; n < 101; n++) await run(conn, sql(n), [1]);
    expect(prepared).toHaveLength(101);
    await run(conn, sql(100), [1]);
    expect(prepared).toHaveLength(101);
    await run(conn, sql(0), [1]);
    expect(prepared).toHaveLength(102);
  });

  it('finalizes a statement evicted while it runs once it is done', async () => {
    const sql = (n: number) => `SELECT ${n} AS n FROM t WHERE id = ?`;
    const first = run(conn, sql(0), [1]);
    const others = Array.from({ length: 120 }, (_, n) => run(conn, sql(n + 1), [2]));
    expect((await first).rows).toEqual([{ n: 0 }]);
    expect((await Promise.all(others)).every((r) => r.rows.length === 1)).toBe(true);
  });

  it('lets the connection close only once its statements are finalized', async () => {
    await run(conn, 'SELECT a FROM t WHERE id = ?', [1]);
    const refused = await close(db);
    expect(refused?.message).toMatch(/unfinalized statements/);
  });
});

@Table('items')
class Item {
  declare [Defaults]?: 'id';
  @PrimaryKey({ type: 'integer' }) id!: number;
  @Column({ type: 'string' }) name!: string;
}

describe('SQLite connections of an Orm', () => {
  it('close with their kept statements finalized', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-statements-'));
    try {
      const orm = await Orm.connect({ url: sqliteUrl(join(dir, 'db.sqlite3')), entities: [Item] });
      await orm.resetDb();
      const items = orm.repository(Item);
      await items.insert({ name: 'a' });
      expect((await items.findById(1))?.name).toBe('a');
      expect(await items.findById(1)).toBeInstanceOf(Item);
      const client = orm.knex.client as { acquireConnection(): Promise<sqlite3.Database>; releaseConnection(c: unknown): Promise<void> };
      const connection = await client.acquireConnection();
      await client.releaseConnection(connection);
      // node:sqlite says `isOpen`; sqlite3 and better-sqlite3 say `open`.
      const isOpen = (c: unknown): boolean => ((c as { isOpen?: boolean }).isOpen ?? (c as { open: boolean }).open);
      expect(isOpen(connection)).toBe(true);
      await orm.close();
      expect(isOpen(connection)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
