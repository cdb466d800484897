import { Orm, QueryError, type QueryEvent, sql, UniqueConstraintError } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../../helpers/dialects';
import { rawRows } from './raw-rows';
import { Author, ENTITIES, Post } from './entities';

/** The result of knex.raw on any engine, as rows. */
const rowsOf = (result: unknown): Record<string, unknown>[] => rawRows(result);

const SEEN = new Date('2024-03-04T05:06:07.089Z');
const BIG = 2n ** 60n + 7n;

describeEachDialect('orm.sql', (db, dialect) => {
  let orm: Orm;
  const queries: QueryEvent[] = [];
  const a = () => orm.ref(Author);
  const authors = () => orm.repository(Author);

  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: ENTITIES, onQuery: (e) => queries.push(e) });
  });
  beforeEach(async () => {
    await reset_db(orm);
    await authors().insertMany([
      {
        name: 'Ann', email: 'ann@x.io', age: 31, active: true, kind: 'admin', balance: '12.5', big: BIG, rating: 4.25,
        born: '1990-02-03', wakes: '06:30:00', prefs: { theme: 'dark', n: [1, 2] }, avatar: Buffer.from([0, 1, 254, 255]),
        token: '0e8400e2-9b1d-41d4-a716-446655440000', seenAt: SEEN,
      },
      { name: "O'Brien \"the\" --", email: 'ob@x.io', age: 17, active: false, prefs: 'just text', seenAt: new Date('2023-01-01T00:00:00Z') },
      { name: 'Cy', email: 'cy@x.io' },
    ]);
    queries.length = 0;
  });
  afterAll(() => orm?.close());

  /** Every column but the timestamps, selected by reference and named after its property. */
  const everything = () => {
    const t = a();
    const big = dialect === 'mysql' ? orm.sql`CAST(${t.big} AS CHAR)` : orm.sql`CAST(${t.big} AS TEXT)`;
    return orm.sql`${t.id} AS id, ${t.name} AS name, ${t.age} AS age, ${t.active} AS active, ${t.kind} AS kind, ${t.balance} AS balance,
      ${big} AS big, ${t.rating} AS rating, ${t.born} AS born, ${t.wakes} AS wakes, ${t.prefs} AS prefs, ${t.avatar} AS avatar,
      ${t.token} AS token, ${t.seenAt} AS "seenAt"`;
  };
  const PROPERTIES = ['id', 'name', 'age', 'active', 'kind', 'balance', 'big', 'rating', 'born', 'wakes', 'prefs', 'avatar', 'token', 'seenAt'] as const;
  const repositoryRows = async () => (await authors().find({ orderBy: { id: 'asc' } })).map((e) => Object.fromEntries(PROPERTIES.map((p) => [p, e[p]])));

  it('returns the same rows, with the same JavaScript types, as the repository, once the columns\' types are declared', async () => {
    const t = a();
    const rows = await orm.sql<Pick<Author, (typeof PROPERTIES)[number]>>`select ${everything()} from ${t} order by ${t.id}`.types({
      active: t.active, balance: t.balance, big: 'bigint', born: t.born, wakes: t.wakes, prefs: 'json', avatar: 'binary', seenAt: t.seenAt,
    });
    expect(rows).toEqual(await repositoryRows());
    expect(rows[0]!.big).toBe(BIG);
    expect(rows[0]!.balance).toBe('12.50');
    expect(rows[0]!.seenAt).toEqual(SEEN);
    expect(rows[0]!.avatar).toEqual(Buffer.from([0, 1, 254, 255]));
    expect(rows[1]!.active).toBe(false);
  });

  it('decodes by result column type on PostgreSQL and MariaDB, and returns values as stored on SQLite, when nothing is declared', async () => {
    const t = a();
    const rows = await orm.sql`select ${everything()} from ${t} order by ${t.id}`;
    if (dialect === 'postgres') {
      // Only the cast bigint is text: its result column is text.
      expect(rows).toEqual((await repositoryRows()).map((r) => ({ ...r, big: r.big === null ? null : String(r.big) })));
    } else if (dialect === 'mysql') {
      // A boolean is a tinyint(1), a number; a decimal is exact text with its scale; the cast bigint is text.
      expect(rows).toEqual((await repositoryRows()).map((r) => ({ ...r, big: r.big === null ? null : String(r.big), active: r.active ? 1 : 0 })));
    } else {
      expect(rows[0]).toEqual({
        id: 1, name: 'Ann', age: 31, active: 1, kind: 'admin', balance: 12.5, big: String(BIG), rating: 4.25, born: '1990-02-03', wakes: '06:30:00',
        prefs: '{"theme":"dark","n":[1,2]}', avatar: Buffer.from([0, 1, 254, 255]), token: '0e8400e2-9b1d-41d4-a716-446655440000', seenAt: '2024-03-04 05:06:07.089',
      });
    }
  });

  it('counts: a bigint on PostgreSQL and MariaDB (count is a 64-bit integer), a number on SQLite, a number on all when declared', async () => {
    const [row] = await orm.sql<{ n: number }>`select count(*) as n from ${a()} where ${a().age} > ${18}`;
    expect(row).toEqual({ n: dialect === 'sqlite' ? 1 : 1n });
    expect(await orm.sql<{ n: number }>`select count(*) as n from ${a()} where ${a().age} > ${18}`.types({ n: 'integer' })).toEqual([{ n: 1 }]);
  });

  it('binds every value as a parameter, expands a list, composes fragments and quotes references', async () => {
    const u = orm.ref(Author, 'u');
    const adult = orm.sql`${u.age} >= ${18}`;
    const query = orm.sql`select ${u.name} as name from ${u} where (${adult} or ${u.name} = ${"O'Brien \"the\" --"}) and ${u.id} in ${[1, 2, 3]} order by ${u.id}`;
    const marker = dialect === 'postgres' ? (n: number) => `$${n}` : () => '?';
    expect(query.toSQL()).toEqual({
      sql: `select "u"."name" as name from "authors" AS "u" where ("u"."age" >= ${marker(1)} or "u"."name" = ${marker(2)}) and "u"."id" in (${marker(3)}, ${marker(4)}, ${marker(5)}) order by "u"."id"`,
      params: [18, "O'Brien \"the\" --", 1, 2, 3],
    });
    const rows = await query;
    const handWritten = rowsOf(await orm.knex.raw(`select name from authors where (age >= 18 or name = 'O''Brien "the" --') and id in (1, 2, 3) order by id`));
    expect(rows).toEqual(handWritten);
    expect(rows).toEqual([{ name: 'Ann' }, { name: "O'Brien \"the\" --" }]);
  });

  it('joins through aliased references, against hand-written SQL on the same data', async () => {
    const [ann] = await authors().find({ where: { name: 'Ann' } });
    await orm.repository(Post).insertMany([{ title: 'First', authorId: ann!.id, likes: 3 }, { title: 'Second', authorId: ann!.id }]);
    const [w, p] = [orm.ref(Author, 'w'), orm.ref(Post, 'p')];
    const rows = await orm.sql<{ name: string; title: string; likes: number }>`select ${w.name} as name, ${p.title} as title, ${p.likes} as likes
      from ${p} join ${w} on ${w.id} = ${p.authorId} where ${p.likes} >= ${0} order by ${p.id}`;
    const handWritten = rowsOf(await orm.knex.raw('select w.name as name, p.title as title, p.likes as likes from posts p join authors w on w.id = p.author_id where p.likes >= 0 order by p.id'));
    expect(rows).toEqual(handWritten);
    expect(rows).toEqual([{ name: 'Ann', title: 'First', likes: 3 }, { name: 'Ann', title: 'Second', likes: 0 }]);
  });

  it('binds Dates, booleans, bigints and Buffers as the repository stores them, so they compare with stored values', async () => {
    const t = a();
    const ids = async (q: PromiseLike<{ id: number }[]>) => (await q).map((r) => r.id);
    const found = async (where: Parameters<ReturnType<typeof authors>['find']>[0]) => (await authors().find({ ...where, orderBy: { id: 'asc' } })).map((r) => r.id);
    expect(await ids(orm.sql<{ id: number }>`select ${t.id} as id from ${t} where ${t.seenAt} > ${new Date('2023-06-01T00:00:00Z')} order by ${t.id}`)).toEqual(await found({ where: { seenAt: { gt: new Date('2023-06-01T00:00:00Z') } } }));
    expect(await ids(orm.sql<{ id: number }>`select ${t.id} as id from ${t} where ${t.seenAt} = ${SEEN}`)).toEqual([1]);
    expect(await ids(orm.sql<{ id: number }>`select ${t.id} as id from ${t} where ${t.active} = ${false}`)).toEqual([2]);
    expect(await ids(orm.sql<{ id: number }>`select ${t.id} as id from ${t} where ${t.big} = ${BIG}`)).toEqual([1]);
    expect(await ids(orm.sql<{ id: number }>`select ${t.id} as id from ${t} where ${t.avatar} = ${Buffer.from([0, 1, 254, 255])}`)).toEqual([1]);
    expect(await ids(orm.sql<{ id: number }>`select ${t.id} as id from ${t} where ${t.avatar} = ${new Uint8Array([0, 1, 254, 255])}`)).toEqual([1]);
    const same = dialect === 'mysql' ? orm.sql`<=>` : orm.sql`is not distinct from`;
    expect(await ids(orm.sql<{ id: number }>`select ${t.id} as id from ${t} where ${t.age} ${same} ${null}`)).toEqual([3]);
  });

  it('never splices a value into the statement: quotes and statements in values are data', async () => {
    const t = a();
    expect(await orm.sql`select ${t.id} from ${t} where ${t.name} = ${"x' OR '1'='1"}`).toEqual([]);
    expect(await orm.sql`select ${t.id} from ${t} where ${t.email} = ${'ann@x.io; DROP TABLE authors'}`).toEqual([]);
    const injected = orm.sql`select ${t.id} from ${t} where ${t.id} = ${'1; DROP TABLE authors'}`;
    expect(injected.toSQL().sql).not.toContain('DROP');
    // PostgreSQL refuses the text as an integer; SQLite compares it as text, which no id equals; MariaDB converts it
    // to the number of its leading digits (with a warning), which id 1 equals: the rest is data, never run.
    if (dialect === 'postgres') await expect(injected).rejects.toThrow(/invalid input syntax for type integer/);
    else expect(await injected).toEqual(dialect === 'mysql' ? [{ id: 1 }] : []);
    const now = new Date();
    await orm.sql`insert into ${t} (${t.name}, ${t.email}, ${t.createdAt}, ${t.updatedAt}) values (${"Robert'); DROP TABLE authors;--"}, ${'bobby@x.io'}, ${now}, ${now})`;
    const [bobby] = await authors().find({ where: { email: 'bobby@x.io' } });
    expect(bobby!.name).toBe("Robert'); DROP TABLE authors;--");
    expect(bobby!.createdAt).toEqual(now);
    expect(await authors().count()).toBe(4);
  });

  it.each<[string, (t: ReturnType<Orm['ref']>) => PromiseLike<unknown>, RegExp]>([
    ['undefined', (t) => orm.sql`select 1 from ${t} where ${t} = ${undefined}`, /^orm\.sql: the value after `= ` is undefined; bind null for NULL\.$/],
    ['NaN', () => orm.sql`select ${Number.NaN}`, /is NaN/],
    ['an empty list', () => orm.sql`select 1 where 1 in ${[]}`, /the value after `select 1 where 1 in ` is an empty list, and SQL has no empty list/],
    ['an object', () => orm.sql`select ${{ a: 1 }}`, /is an object; orm\.sql binds strings, numbers, bigints, booleans, Dates, Buffers and null \(bind JSON as JSON\.stringify\(value\)\)/],
    ['a list of lists', () => orm.sql`select 1 where 1 in ${[[1]]}`, /an item of the value after .* is a fragment, a reference or a list: a list holds values only/],
    ['a function', () => orm.sql`select ${() => 1}`, /is a function, which cannot be bound/],
    ['an invalid Date', () => orm.sql`select ${new Date(Number.NaN)}`, /is an invalid Date/],
    ['a call with a string', () => (orm.sql as unknown as (text: string) => PromiseLike<unknown>)('select 1'), /^orm\.sql is a template tag/],
    ['an unknown declared type', () => orm.sql`select 1 as n`.types({ n: 'integr' as never }), /the type declared for column "n" is "integr"; use one of string, text, integer/],
    ['a value that is not of its declared type', () => orm.sql`select 'abc' as n`.types({ n: 'integer' }), /^orm\.sql: the column "n" was declared integer, but holds "abc"\.$/],
    ['a text that is not a datetime, declared datetime', () => orm.sql`select ${'2024-01-0x 12:00:00'} as d`.types({ d: 'datetime' }), /^orm\.sql: the column "d" was declared datetime, but holds "2024-01-0x 12:00:00"\.$/],
    ['a declared column the result does not have', () => orm.sql`select 1 as n`.types({ m: 'integer' }), /a type was declared for the column "m", which the result does not have; its columns are n\./],
  ])('refuses %s with a QueryError', async (what, make, message) => {
    const error = await Promise.resolve().then(() => make(a())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryError);
    expect((error as Error).message).toMatch(message);
    // Values and declarations are checked before the statement runs; a decoding failure comes after.
    expect(queries).toHaveLength(/of its declared type|declared datetime|the result does not have/.test(what) ? 1 : 0);
  });

  it('names a constraint violation like the repository', async () => {
    const t = a();
    const now = new Date();
    const error = await orm.sql`insert into ${t} (${t.name}, ${t.email}, ${t.createdAt}, ${t.updatedAt}) values (${'Dup'}, ${'ann@x.io'}, ${now}, ${now})`.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UniqueConstraintError);
    // The table, its column and the entity's property, on every engine (MariaDB names the key alone).
    expect((error as Error).message).toMatch(/^Unique constraint (\S+ )?violated on authors \(email\) \[Author\.email\]: a row with these values already exists\./);
  });

  it('runs once, when awaited; a fragment never runs', async () => {
    const fragment = orm.sql`${a().age} > ${20}`;
    const query = orm.sql<{ n: number }>`select count(*) as n from ${a()} where ${fragment}`.types({ n: 'integer' });
    expect(queries).toHaveLength(0);
    expect(await query).toEqual([{ n: 1 }]);
    expect(await query).toEqual([{ n: 1 }]);
    expect(queries).toHaveLength(1);
  });

  it('runs in a transaction with tx.sql, and not after it', async () => {
    let escaped: Orm['sql'] | undefined;
    await orm.transaction(async (tx) => {
      const t = tx.ref(Author);
      const now = new Date();
      await tx.sql`insert into ${t} (${t.name}, ${t.email}, ${t.createdAt}, ${t.updatedAt}) values (${'Tx'}, ${'tx@x.io'}, ${now}, ${now})`;
      expect(await tx.sql`select ${t.name} as name from ${t} where ${t.email} = ${'tx@x.io'}`).toEqual([{ name: 'Tx' }]);
      escaped = tx.sql.bind(tx);
      throw new Error('roll back');
    }).catch((error: Error) => expect(error.message).toBe('roll back'));
    expect(await authors().count()).toBe(3);
    await expect(escaped!`select 1`).rejects.toThrow(/This transaction has already committed or rolled back/);
  });

  it('gives each entity column as a typed reference, and nothing for other names', () => {
    const t = orm.ref(Author) as unknown as Record<string, unknown>;
    expect(t.posts).toBeUndefined();
    expect(t.nope).toBeUndefined();
    expect(orm.sql`${orm.ref(Author, 'a"b').name} ${orm.ref(Author, 'a"b')}`.toSQL().sql).toBe('"a""b"."name" "authors" AS "a""b"');
    expect(() => `${orm.ref(Author) as unknown as string}`).toThrow(TypeError);
  });
  it("rejects a failing statement with the database's error and a stack that leads back to the caller", async () => {
    async function callerOfTheQuery(): Promise<unknown> {
      return await orm.sql`SELECT * FROM no_such_table_for_the_stack`;
    }
    // Not toBeInstanceOf(Error): sqlite3 makes its errors in the realm of its native module, not jest's.
    const error = await callerOfTheQuery().then(() => undefined, (e: unknown) => e as Error | undefined);
    expect(error?.message).toMatch(/no_such_table_for_the_stack/);
    expect(error?.stack).toContain('callerOfTheQuery');
  });
});
