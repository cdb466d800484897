import 'reflect-metadata';
import { Column, ConstraintError, CreatedAt, Defaults, Orm, PrimaryKey, type QueryEvent, Table, UpdatedAt } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../../helpers/dialects';

// insertMany's batches: on PostgreSQL each batch is one JSON parameter read as rows of the table's type.

/** A table named like a built-in PostgreSQL type, which `NULL::line` would mean instead. */
@Table('line')
class Line {
  declare [Defaults]?: 'id';
  @PrimaryKey() id!: number;
  @Column() sku!: string;
  @Column({ type: 'text', nullable: true }) note!: string | null;
}

/** Timestamps to the millisecond, and one kept as text in a string column. */
@Table('stamped')
class Stamped {
  declare [Defaults]?: 'id' | 'createdAt' | 'updatedAt';
  @PrimaryKey() id!: number;
  @Column() sku!: string;
  @CreatedAt() @Column({ precision: 3 }) createdAt!: Date;
  @UpdatedAt() @Column({ type: 'string' }) updatedAt!: string;
}

describeEachDialect('insertMany batches', (db, dialect) => {
  let orm: Orm;
  const queries: QueryEvent[] = [];
  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: [Line, Stamped], onQuery: (event) => queries.push(event) });
  });
  beforeEach(async () => {
    await reset_db(orm);
    queries.length = 0;
  });
  afterAll(() => orm?.close());

  it('inserts into a table whose name is also a type name', async () => {
    await orm.repository(Line).insertMany([{ sku: 'a', note: null }, { sku: 'b', note: 'two' }]);
    if (dialect === 'postgres') expect(queries.filter((q) => q.sql.includes('json_populate_recordset'))).toHaveLength(1);
    expect((await orm.repository(Line).find({ orderBy: { id: 'asc' } })).map((l) => [l.sku, l.note])).toEqual([['a', null], ['b', 'two']]);
  });

  it('keeps every value of rows with large values, which PostgreSQL sends in statements of bounded size', async () => {
    // Four values of 12 million characters: more than one row set's worth on PostgreSQL (32 million).
    const big = (c: string) => c.repeat(12 * 1024 * 1024);
    const rows = ['w', 'x', 'y', 'z'].map((c) => ({ sku: c, note: big(c) }));
    await orm.repository(Line).insertMany(rows);
    const inserts = queries.filter((q) => q.sql.startsWith('INSERT'));
    // PostgreSQL's row sets end past 32 million characters, MariaDB's past 64 kB: a statement for each row there.
    if (dialect === 'postgres') expect(inserts).toHaveLength(2);
    if (dialect === 'mysql') expect(inserts).toHaveLength(4);
    const stored = await orm.knex('line').orderBy('id').select('sku', orm.knex.raw('length(note) AS n'), orm.knex.raw('substr(note, 1, 1) AS c'));
    expect(stored.map((r: { sku: string; n: number | string; c: string }) => [r.sku, Number(r.n), r.c])).toEqual(rows.map((r) => [r.sku, r.note.length, r.sku]));
  });

  it('is all or none across its statements: a row refused by the last one leaves none of the rows behind', async () => {
    // Four sets of columns, so four statements; the last repeats the first row's key.
    const rows = [{ id: 100, sku: 'a', note: 'one' }, { sku: 'b' }, { sku: 'c', note: 'three' }, { id: 100, sku: 'd' }];
    await expect(orm.repository(Line).insertMany(rows)).rejects.toBeInstanceOf(ConstraintError);
    expect(queries.filter((q) => q.sql.startsWith('INSERT'))).toHaveLength(4);
    expect(await orm.repository(Line).count()).toBe(0);
  });

  it('keeps the statements of many small rows short on MariaDB', async () => {
    await orm.repository(Line).insertMany(Array.from({ length: 5_000 }, (_, i) => ({ sku: `sku-${i}`, note: 'x'.repeat(20) })));
    expect(await orm.repository(Line).count()).toBe(5_000);
    const inserts = queries.filter((q) => q.sql.startsWith('INSERT'));
    // About 30 characters of values a row: 64 kB holds some 2,200 of them.
    if (dialect === 'mysql') expect(inserts).toHaveLength(3);
  });

  it('is all or none when its rows take more than one batch', async () => {
    // More rows than one statement takes on any engine (10,000 on PostgreSQL); the last one breaks the key.
    const rows: { id?: number; sku: string; note: string | null }[] = Array.from({ length: 12_000 }, (_, i) => ({ id: i + 1, sku: `s${i}`, note: null }));
    rows.push({ id: 1, sku: 'dup', note: null });
    await expect(orm.repository(Line).insertMany(rows)).rejects.toBeInstanceOf(ConstraintError);
    expect(await orm.repository(Line).count()).toBe(0);
    await orm.repository(Line).insertMany(rows.slice(0, -1));
    expect(await orm.repository(Line).count()).toBe(12_000);
  });

  // 150 rows: on better-sqlite3 and node:sqlite, enough for the time to go into the statement's text.
  it.each([3, 150])('writes the time of the statement into each of %i rows, to the millisecond, and as text into a string column', async (count) => {
    const skus = Array.from({ length: count }, (_, i) => `s${i}`);
    const before = Date.now();
    const returned = await orm.repository(Stamped).insertMany(skus.map((sku) => ({ sku })), { returning: true });
    const after = Date.now();
    const stored = await orm.repository(Stamped).find({ orderBy: { id: 'asc' } });
    expect(stored.map((s) => s.sku)).toEqual(skus);
    expect(returned.map((r) => [r.sku, r.createdAt.getTime(), r.updatedAt])).toEqual(stored.map((s) => [s.sku, s.createdAt.getTime(), s.updatedAt]));
    const insert = queries.find((q) => q.sql.startsWith('INSERT INTO "stamped"'))!;
    // Bound in every row, or written once into a statement prepared for this call.
    expect(insert.sql.includes("'20")).toBe(count === 150 && orm.dialect.runtime.stampLiteral !== undefined);
    const time = stored[0]!.createdAt.getTime();
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(after);
    for (const row of stored) {
      expect(row.createdAt.getTime()).toBe(time);
      // The engine's text of that time (ISO on PostgreSQL, `YYYY-MM-DD HH:MM:SS.mmm` elsewhere), never a number form.
      expect(row.updatedAt).toMatch(/^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d\.\d{3}/);
      expect(new Date(row.updatedAt.replace(' ', 'T').replace(/(\.\d{3})$/, '$1Z')).getTime()).toBe(time);
    }
  });
});
