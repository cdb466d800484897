import { type OrderBy, Orm, QueryError, type QueryEvent, type InsertValues } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../../helpers/dialects';
import { Author, ENTITIES, Post, Setting } from './entities';

const ROWS = 2500;

/** Authors whose sort columns have ties, NULLs, large bigints, decimals and dates. */
function seedRows(): InsertValues<Author>[] {
  return Array.from({ length: ROWS }, (_, i) => ({
    name: `Author ${String(i % 300).padStart(3, '0')}`,
    email: `a${i}@x.io`,
    age: i % 5 === 0 ? null : 20 + (i % 7),
    active: i % 3 !== 0,
    balance: `${i % 11}.${i % 4}5`,
    // Values of different lengths, some beyond 2^53: sorted as text they would come out in another order.
    big: i % 6 === 0 ? null : (i % 2 ? 2n ** 60n : 0n) + BigInt(i % 13) * 10n ** BigInt((i % 3) * 4),
    seenAt: i % 4 === 0 ? null : new Date(Date.UTC(2024, 0, 1 + (i % 9), 12, 0, 0, (i % 2) * 500)),
    prefs: { i },
  }));
}

/** The number of batches a stream of `rows` rows reads: one more when the last batch is full. */
const batchesFor = (rows: number, size: number): number => Math.floor(rows / size) + 1;

describeEachDialect('repository.stream', (db, dialect) => {
  let orm: Orm;
  const queries: QueryEvent[] = [];
  const reads = (): QueryEvent[] => queries.filter((q) => /^(SELECT|FETCH)/.test(q.sql) && !/"posts"/.test(q.sql));
  const authors = () => orm.repository(Author);
  const pool = () => (orm.knex.client as { pool: { numUsed(): number } }).pool;
  const macrotask = () => new Promise((resolve) => setImmediate(resolve));

  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: ENTITIES, onQuery: (e) => queries.push(e) });
    await reset_db(orm);
    await authors().insertMany(seedRows());
    // A datetime stored in another form than Strata writes (ISO with a T): the next batch must still start right after it.
    await orm.knex('authors').whereIn('id', [2, 3]).update({ seen_at: dialect === 'sqlite' ? '2024-01-03T12:00:00.000Z' : new Date('2024-01-03T12:00:00Z') });
    const ids = (await authors().find({ where: { id: { lte: 40 } } })).map((a) => a.id);
    await orm.repository(Post).insertMany(ids.flatMap((authorId) => [{ title: `p${authorId}a`, authorId }, { title: `p${authorId}b`, authorId }]));
  });
  beforeEach(() => {
    queries.length = 0;
  });
  afterAll(() => orm?.close());

  async function all<T>(stream: AsyncIterable<T>): Promise<T[]> {
    const out: T[] = [];
    for await (const item of stream) out.push(item);
    return out;
  }

  it('reads every row, in batches, as the same entities find returns', async () => {
    const streamed = await all(authors().stream());
    expect(reads()).toHaveLength(batchesFor(ROWS, 1000));
    const found = await authors().find({ orderBy: { id: 'asc' } });
    expect(streamed).toHaveLength(ROWS);
    expect(streamed[0]).toBeInstanceOf(Author);
    expect(streamed).toEqual(found);
    expect(typeof streamed[1]!.big).toBe('bigint');
    expect(streamed[1]!.seenAt).toBeInstanceOf(Date);
  });

  it('reads batchSize rows per round trip, and stops after a short batch', async () => {
    expect(await all(authors().stream({ batchSize: 400 }))).toHaveLength(ROWS);
    expect(reads()).toHaveLength(7);
    queries.length = 0;
    expect(await all(authors().stream({ batchSize: 500 }))).toHaveLength(ROWS);
    expect(reads()).toHaveLength(batchesFor(ROWS, 500));
  });

  it.each<[string, OrderBy<Author>]>([
    ['a nullable integer, descending, then a name', [{ age: 'desc' }, { name: 'asc' }]],
    ['a nullable integer, ascending', { age: 'asc' }],
    ['a bigint beyond 2^53, with NULLs', [{ big: 'asc' }, { active: 'desc' }]],
    ['a decimal, descending', { balance: 'desc' }],
    ['a datetime with NULLs and a value stored in another form', [{ seenAt: 'asc' }, { name: 'desc' }]],
    ['the primary key, descending', { id: 'desc' }],
  ])('follows orderBy on %s, ties broken by the primary key, across batches', async (_what, orderBy) => {
    const where = { active: true, or: [{ age: { gte: 22 } }, { age: null }] };
    const streamed = await all(authors().stream({ where, orderBy, batchSize: 97 }));
    const found = await authors().find({ where, orderBy: [...(Array.isArray(orderBy) ? orderBy : [orderBy]), { id: 'asc' }] });
    expect(found.length).toBeGreaterThan(500);
    expect(streamed.map((a) => a.id)).toEqual(found.map((a) => a.id));
  });

  it('breaks ties by every column of a composite primary key', async () => {
    const settings = orm.repository(Setting);
    await settings.insertMany(Array.from({ length: 40 }, (_, i) => ({ scope: i % 3, key: `k${String(39 - i).padStart(2, '0')}`, value: i % 4 ? 'x' : null })));
    const streamed = await all(settings.stream({ orderBy: { value: 'desc' }, batchSize: 6 }));
    const found = await settings.find({ orderBy: [{ value: 'desc' }, { scope: 'asc' }, { key: 'asc' }] });
    expect(streamed.map((s) => [s.scope, s.key])).toEqual(found.map((s) => [s.scope, s.key]));
    expect(streamed).toHaveLength(40);
  });

  it('loads include per batch, one query per relation and batch', async () => {
    const streamed = await all(authors().stream({ where: { id: { lte: 60 } }, batchSize: 25, include: { posts: { orderBy: { id: 'asc' } } } }));
    expect(queries.filter((q) => /"posts"/.test(q.sql))).toHaveLength(3);
    const found = await authors().find({ where: { id: { lte: 60 } }, orderBy: { id: 'asc' }, include: { posts: { orderBy: { id: 'asc' } } } });
    expect(streamed).toEqual(found);
    expect(streamed[0]!.posts![0]).toBeInstanceOf(Post);
    expect(streamed[59]!.posts).toEqual([]);
  });

  it('runs nothing until the loop starts, and checks its options at once', async () => {
    const stream = authors().stream({ where: { age: 20 } });
    expect(queries).toHaveLength(0);
    await stream.return!();
    expect(queries).toHaveLength(0);
    expect(() => authors().stream({ batchSize: 0 })).toThrow(/^batchSize on Author must be a whole number, 1 or more \(got 0\)\.$/);
    expect(() => authors().stream({ limit: 5 } as never)).toThrow(/^stream on Author has no option 'limit'; its options are where, orderBy, batchSize, include, withDeleted, primary\.$/);
    expect(() => authors().stream({ where: { nope: 1 } as never })).toThrow(QueryError);
    expect(() => authors().stream({ orderBy: { name: 'up' } as never })).toThrow(/^orderBy Author\.name must be 'asc' or 'desc'/);
    expect(() => authors().stream({ include: { nope: true } as never })).toThrow(/^Author has no relation 'nope'/);
    expect(await all(authors().stream({ where: { id: { in: [] } } }))).toEqual([]);
    expect(queries).toHaveLength(0);
  });

  it('lets a break give back the connection and close the cursor', async () => {
    let seen = 0;
    for await (const author of authors().stream({ batchSize: 1000 })) {
      if (++seen === 1500) break;
      void author;
    }
    // The batch after the one in hand is read while the loop runs: three batches for 1,500 rows.
    expect(reads()).toHaveLength(3);
    await macrotask();
    expect(pool().numUsed()).toBe(0);
    // The pool is not exhausted: as many streams broken out of as it has connections, and more, leave it usable.
    for (let i = 0; i < 12; i++) for await (const _ of authors().stream({ batchSize: 10 })) break;
    expect(await authors().count()).toBe(ROWS);
    if (dialect === 'postgres') {
      const open = await orm.knex.raw(`select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%' and query like 'FETCH%'`);
      expect(open.rows).toEqual([{ n: 0 }]);
    }
  });

  it('lets the loop run queries of its own (SQLite: on its only connection), and delete the rows it has read', async () => {
    const ids: number[] = [];
    await orm.transaction(async (tx) => {
      for await (const author of tx.repository(Author).stream({ where: { id: { gt: 2000 } }, batchSize: 64 })) {
        ids.push(author.id);
        await tx.repository(Author).delete({ id: author.id });
      }
      expect(await tx.repository(Author).count({ where: { id: { gt: 2000 } } })).toBe(0);
      throw new Error('roll back');
    }).catch((error: Error) => expect(error.message).toBe('roll back'));
    expect(ids).toEqual(Array.from({ length: ROWS - 2000 }, (_, i) => 2001 + i));
    // Outside a transaction too: each batch is read, then the loop's deletes run (on PostgreSQL, on other connections).
    const seen: number[] = [];
    for await (const author of authors().stream({ where: { id: { gt: 2400 } }, batchSize: 30 })) {
      seen.push(author.id);
      await authors().delete({ id: author.id });
    }
    expect(seen).toEqual(Array.from({ length: ROWS - 2400 }, (_, i) => 2401 + i));
    await authors().insertMany(seedRows().slice(2400).map((row, i) => ({ ...row, id: 2401 + i })) as InsertValues<Author>[]);
    expect(await authors().count()).toBe(ROWS);
  });

  it('streams inside a transaction, on its connection: it sees the transaction\'s own rows, and a break closes the cursor', async () => {
    await orm.transaction(async (tx) => {
      await tx.repository(Author).insert({ name: 'Uncommitted', email: 'u@x.io' });
      const names: string[] = [];
      for await (const author of tx.repository(Author).stream({ where: { id: { gt: 2450 } }, batchSize: 20 })) names.push(author.name);
      expect(names).toHaveLength(51);
      expect(names[50]).toBe('Uncommitted');
      queries.length = 0;
      let n = 0;
      for await (const _ of tx.repository(Author).stream({ batchSize: 100 })) if (++n === 150) break;
      // In a transaction, whose connection the loop shares, a batch is read only when the loop gets to it.
      expect(reads()).toHaveLength(2);
      if (dialect === 'postgres') expect((await tx.knex.raw('select name from pg_cursors')).rows).toEqual([]);
      expect(await tx.repository(Author).count()).toBe(ROWS + 1);
      throw new Error('roll back');
    }).catch((error: Error) => expect(error.message).toBe('roll back'));
    expect(await authors().count()).toBe(ROWS);
  });

  it('passes an error in the loop on, and gives back the connection', async () => {
    const failure = new Error('consumer failed');
    await expect((async () => {
      for await (const author of authors().stream({ batchSize: 100 })) if (author.id === 150) throw failure;
    })()).rejects.toBe(failure);
    await macrotask();
    expect(pool().numUsed()).toBe(0);
    expect(await authors().count()).toBe(ROWS);
  });

  it('passes on a failure to read the next batch', async () => {
    // knex warns when it discards the connection that was killed.
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    let seen = 0;
    const read = (async () => {
      for await (const _ of authors().stream({ batchSize: 13 })) {
        if (++seen !== 13) continue;
        if (dialect === 'postgres') {
          // The stream's connection dies between two fetches.
          await orm.knex.raw(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query = 'FETCH FORWARD 13 FROM "strata_cursor_' || ? || '"'`,
            [Number(/strata_cursor_(\d+)/.exec(queries.find((q) => q.sql.startsWith('FETCH FORWARD 13'))!.sql)![1])]);
        } else {
          await orm.knex.raw('ALTER TABLE authors RENAME TO authors_away');
        }
      }
    })();
    await expect(read).rejects.toThrow(dialect === 'postgres' ? /terminat|connection/i : dialect === 'mysql' ? /Table '[^']*authors' doesn't exist/ : /no such table: authors/);
    // Whole batches reach the loop (the one read ahead may have arrived before the failure), then the error.
    expect(seen % 13).toBe(0);
    expect(seen).toBeLessThan(ROWS);
    if (dialect !== 'postgres') await orm.knex.raw('ALTER TABLE authors_away RENAME TO authors');
    await macrotask();
    expect(pool().numUsed()).toBe(0);
    expect(await authors().count()).toBe(ROWS);
    warn.mockRestore();
  });
});
