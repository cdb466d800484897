import { Orm, QueryError, type QueryEvent } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../../helpers/dialects';
import { rawRows } from './raw-rows';
import { Author, ENTITIES, Post } from './entities';

// aggregate and groupBy against hand-written SQL on the same rows: the same values, of the documented JavaScript
// types, in the same order, on both engines.
describeEachDialect('aggregate and groupBy', (db, dialect) => {
  let orm: Orm;
  const queries: QueryEvent[] = [];
  const raw = async (sql: string): Promise<Record<string, unknown>[]> => {
    return rawRows(await orm.knex.raw(sql));
  };
  const at = (iso: string): Date => new Date(iso);
  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: ENTITIES, onQuery: (e) => queries.push(e) });
    await reset_db(orm);
    const authors = await orm.repository(Author).insertMany([
      { name: 'Ann', email: 'ann@x.io', age: 30, balance: '10.50', big: 10n, rating: 4.5, kind: 'admin', seenAt: at('2026-01-05T10:00:00Z') },
      { name: 'Bob', email: 'bob@x.io', age: 20, balance: '0.25', big: 9007199254740993n, rating: null, kind: 'member', seenAt: at('2026-03-01T00:00:00.250Z') },
      { name: 'Cy', email: 'cy@x.io', age: null, balance: '5.00', big: null, rating: 3, kind: 'member', seenAt: null },
      { name: 'Dee', email: 'dee@x.io', age: 41, balance: '100.10', big: 5n, rating: 2.5, kind: 'member', seenAt: at('2025-12-31T23:59:59Z') },
      { name: 'Eve', email: 'eve@x.io', age: 30, balance: '0.10', big: null, rating: null, kind: 'admin', seenAt: null },
    ], { returning: true });
    await orm.repository(Post).insertMany([
      { title: 'a', authorId: authors[0]!.id, likes: 3 }, { title: 'b', authorId: authors[0]!.id, likes: 1 }, { title: 'c', authorId: authors[3]!.id, likes: 5 },
    ]);
  });
  beforeEach(() => {
    queries.length = 0;
  });
  afterAll(() => orm?.close());

  it('aggregates every row in one statement, with the types the docs give', async () => {
    const result = await orm.repository(Author).aggregate({
      count: true, sum: ['age', 'balance', 'big', 'rating'], avg: ['age', 'balance', 'big'], min: ['age', 'name', 'seenAt', 'balance', 'big'], max: ['seenAt', 'kind'],
    });
    expect(queries).toHaveLength(1);
    const [row] = await raw(`SELECT COUNT(*) AS n, SUM(age) AS sa, SUM(rating) AS sr, AVG(age) AS aa, MIN(age) AS ma, MIN(name) AS mn, MAX(kind) AS xk FROM authors`);
    expect(result).toEqual({
      count: Number(row!.n),
      sum: { age: Number(row!.sa), balance: '115.95', big: 9007199254741008n, rating: Number(row!.sr) },
      avg: { age: Number(row!.aa), balance: '23.19', big: 3002399751580336 },
      min: { age: Number(row!.ma), name: row!.mn, seenAt: at('2025-12-31T23:59:59Z'), balance: '0.10', big: 5n },
      max: { seenAt: at('2026-03-01T00:00:00.250Z'), kind: row!.xk },
    });
    expect(result).toMatchObject({ count: 5, sum: { age: 121, rating: 10 }, avg: { age: 30.25 }, min: { age: 20, name: 'Ann' }, max: { kind: 'member' } });
  });

  it('gives a count of 0 and nulls when no row matches, whether SQL or the where says so', async () => {
    const empty = { count: 0, sum: { age: null, balance: null }, avg: { rating: null }, max: { seenAt: null } };
    expect(await orm.repository(Author).aggregate({ where: { name: 'Nobody' }, count: true, sum: ['age', 'balance'], avg: ['rating'], max: ['seenAt'] })).toEqual(empty);
    expect(await orm.repository(Author).aggregate({ where: { id: { in: [] } }, count: true, sum: ['age', 'balance'], avg: ['rating'], max: ['seenAt'] })).toEqual(empty);
  });

  it('filters with the where compiler, relation filters included', async () => {
    const result = await orm.repository(Author).aggregate({ where: { posts: { some: { likes: { gte: 3 } } } }, count: true, sum: ['balance'] });
    const [row] = await raw(`SELECT COUNT(*) AS n FROM authors a WHERE EXISTS (SELECT 1 FROM posts p WHERE p.author_id = a.id AND p.likes >= 3)`);
    expect(result).toEqual({ count: Number(row!.n), sum: { balance: '110.60' } });
  });

  it('groups, filters groups with having, and sorts them, as hand-written SQL does', async () => {
    const groups = await orm.repository(Author).groupBy({
      by: ['kind'], count: true, sum: ['balance'], avg: ['age'], having: { count: { gte: 2 } }, orderBy: { count: 'desc' },
    });
    const rows = await raw('SELECT kind, COUNT(*) AS n, AVG(age) AS a FROM authors GROUP BY kind HAVING COUNT(*) >= 2 ORDER BY COUNT(*) DESC, kind');
    expect(groups).toEqual(rows.map((r) => ({ kind: r.kind, count: Number(r.n), sum: { balance: r.kind === 'admin' ? '10.60' : '105.35' }, avg: { age: Number(r.a) } })));
    expect(groups.map((g) => g.kind)).toEqual(['member', 'admin']);
  });

  it('groups by a nullable column, NULL as one group, sorted by the by properties by default', async () => {
    const groups = await orm.repository(Author).groupBy({ by: ['age'], count: true, max: ['name'] });
    const rows = await raw('SELECT age, COUNT(*) AS n, MAX(name) AS m FROM authors GROUP BY age ORDER BY age ASC');
    expect(groups).toEqual(rows.map((r) => ({ age: r.age === null ? null : Number(r.age), count: Number(r.n), max: { name: r.m } })));
  });

  it('groups by several columns with a bigint key, and pages the groups', async () => {
    const groups = await orm.repository(Author).groupBy({ by: ['kind', 'big'], count: true, orderBy: [{ kind: 'desc' }], limit: 2, offset: 1 });
    const rows = await raw(`SELECT kind, CAST(big AS ${dialect === 'mysql' ? 'CHAR' : 'TEXT'}) AS big, COUNT(*) AS n FROM authors GROUP BY kind, big ORDER BY authors.kind DESC, authors.big ASC LIMIT 2 OFFSET 1`);
    expect(groups).toEqual(rows.map((r) => ({ kind: r.kind, big: r.big === null ? null : BigInt(r.big as string), count: Number(r.n) })));
  });

  it('takes having on sums of decimals, on averages and on min/max of dates, with in and null', async () => {
    const repo = orm.repository(Author);
    expect((await repo.groupBy({ by: ['kind'], having: { sum: { balance: { gt: '50' } } } })).map((g) => g.kind)).toEqual(['member']);
    expect((await repo.groupBy({ by: ['kind'], having: { avg: { age: 30 } } })).map((g) => g.kind)).toEqual(['admin']);
    expect((await repo.groupBy({ by: ['kind'], having: { max: { seenAt: { gt: at('2026-02-01T00:00:00Z') } } } })).map((g) => g.kind)).toEqual(['member']);
    expect((await repo.groupBy({ by: ['kind'], having: { sum: { big: { in: [10n, 5] } } } })).map((g) => g.kind)).toEqual(['admin']);
    expect((await repo.groupBy({ by: ['name'], having: { sum: { age: null } } })).map((g) => g.name)).toEqual(['Cy']);
    expect((await repo.groupBy({ by: ['kind'], having: { count: { in: [] } } }))).toEqual([]);
    // Equal to the sum it reads back: SQLite adds decimals in floating point, where 100.10 + 0.10 is 100.19999999999999.
    const pair = { name: { in: ['Dee', 'Eve'] } };
    expect(await repo.groupBy({ by: ['active'], where: pair, sum: ['balance'], having: { sum: { balance: '100.20' } } })).toEqual([{ active: true, sum: { balance: '100.20' } }]);
    expect(await repo.groupBy({ by: ['active'], where: pair, having: { sum: { balance: { gte: '100.2', lte: '100.20' } } } })).toEqual([{ active: true }]);
    expect((await repo.groupBy({ by: ['kind'], having: { sum: { balance: { in: ['10.6', '105.350'] } } } })).map((g) => g.kind)).toEqual(['admin', 'member']);
  });

  it('averages decimals to 15 significant digits on every engine', async () => {
    // MariaDB's own AVG keeps 4 digits past the column's scale: 35.116667.
    const groups = await orm.repository(Author).groupBy({ by: ['kind'], avg: ['balance'], orderBy: { kind: 'asc' } });
    expect(groups).toEqual([{ kind: 'admin', avg: { balance: '5.30' } }, { kind: 'member', avg: { balance: '35.1166666666667' } }]);
    expect((await orm.repository(Author).groupBy({ by: ['kind'], having: { avg: { balance: { gt: '35.1166666' } } } })).map((g) => g.kind)).toEqual(['member']);
  });

  it('sorts groups by an aggregate of a column', async () => {
    const groups = await orm.repository(Author).groupBy({ by: ['kind'], sum: ['rating'], orderBy: { sum: { rating: 'asc' } } });
    const rows = await raw('SELECT kind, SUM(rating) AS s FROM authors GROUP BY kind ORDER BY SUM(rating) ASC, kind');
    expect(groups).toEqual(rows.map((r) => ({ kind: r.kind, sum: { rating: Number(r.s) } })));
  });

  it.each([
    ['a sum of a text column', () => orm.repository(Author).aggregate({ sum: ['name'] } as never), /^sum of Author\.name \(in aggregate\): it is a string column/],
    ['an average of a boolean column', () => orm.repository(Author).aggregate({ avg: ['active'] } as never), /^avg of Author\.active/],
    ['a min of a json column', () => orm.repository(Author).aggregate({ min: ['prefs'] } as never), /^min of Author\.prefs .*no order/],
    ['a property that is not there', () => orm.repository(Author).aggregate({ max: ['nmae'] } as never), /^Author has no column property 'nmae'/],
    ['an option that is not there', () => orm.repository(Author).aggregate({ count: true, summ: ['age'] } as never), /^aggregate on Author has no option 'summ'/],
    ['nothing to compute', () => orm.repository(Author).aggregate({}), /^aggregate on Author asks for nothing/],
    ['a groupBy without by', () => orm.repository(Author).groupBy({ by: [] }), /^groupBy on Author needs by/],
    ['grouping by a relation', () => orm.repository(Author).groupBy({ by: ['posts'] } as never), /^Author\.posts is a relation, not a column/],
    ['grouping by a json column', () => orm.repository(Author).groupBy({ by: ['prefs'] }), /cannot group by Author\.prefs/],
    ['sorting groups by a column not grouped', () => orm.repository(Author).groupBy({ by: ['kind'], orderBy: { name: 'asc' } } as never), /^orderBy Author\.name in groupBy/],
    ['having on a sum of text', () => orm.repository(Author).groupBy({ by: ['kind'], having: { sum: { email: { gt: 1 } } } } as never), /^sum of Author\.email \(in groupBy having\)/],
    ['having with a value that is not a number', () => orm.repository(Author).groupBy({ by: ['kind'], having: { count: { gt: 'many' } } } as never), /^having count on Author takes a number/],
    ['having with an unknown operator', () => orm.repository(Author).groupBy({ by: ['kind'], having: { count: { above: 1 } } } as never), /unknown operator 'above'/],
    ['a negative limit', () => orm.repository(Author).groupBy({ by: ['kind'], limit: -1 }), /^limit in groupBy on Author must be a whole number/],
  ])('refuses %s with a QueryError, before any SQL', async (_what, run, message) => {
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryError);
    expect((error as Error).message).toMatch(message);
    expect(queries).toHaveLength(0);
  });
});
