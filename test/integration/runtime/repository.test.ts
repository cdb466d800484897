import { Orm, type QueryEvent, QueryError } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../../helpers/dialects';
import { Author, ENTITIES, Post, Setting } from './entities';

describeEachDialect('repositories', (db, dialect) => {
  let orm: Orm;
  const queries: QueryEvent[] = [];
  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: ENTITIES, onQuery: (e) => queries.push(e) });
  });
  beforeEach(async () => {
    await reset_db(orm);
    queries.length = 0;
  });
  afterAll(() => orm?.close());
  const authors = () => orm.repository(Author);

  describe('insert', () => {
    it('returns an instance of the entity, with its key, database defaults and timestamps', async () => {
      const before = Date.now();
      const a = await authors().insert({ name: 'Ann', email: 'ann@x.io' });
      expect(a).toBeInstanceOf(Author);
      expect(a.greeting()).toBe('Hello, Ann');
      expect(a).toMatchObject({ id: 1, name: 'Ann', email: 'ann@x.io', age: null, active: true, kind: 'member', balance: '0.00', big: null });
      expect(a.createdAt).toBeInstanceOf(Date);
      expect(a.createdAt.getTime()).toBeGreaterThanOrEqual(before - 5);
      expect(a.updatedAt.getTime()).toBe(a.createdAt.getTime());
      expect(queries).toHaveLength(1);
    });

    it('round-trips every type to the same JavaScript type on both engines', async () => {
      const seenAt = new Date('2024-02-29T12:34:56.789Z');
      const a = await authors().insert({
        name: 'Ty', email: 'ty@x.io', age: 42, active: false, kind: 'admin', balance: '1234.5', big: 9007199254740993n,
        rating: 4.25, born: '1990-12-31', wakes: '06:30:00', prefs: { theme: 'dark', tags: ['a', 1] }, avatar: Buffer.from([0, 1, 255]),
        token: '123e4567-e89b-12d3-a456-426614174000', seenAt,
      });
      const read = (await authors().findById(a.id))!;
      for (const value of [a, read]) {
        expect(value).toMatchObject({
          age: 42, active: false, kind: 'admin', balance: '1234.50', big: 9007199254740993n, rating: 4.25, born: '1990-12-31',
          wakes: '06:30:00', prefs: { theme: 'dark', tags: ['a', 1] }, token: '123e4567-e89b-12d3-a456-426614174000',
        });
        expect(value.avatar).toEqual(Buffer.from([0, 1, 255]));
        expect(value.seenAt).toEqual(seenAt);
      }
    });

    it('inserts many rows in one statement per batch, and returns them in order', async () => {
      const rows = Array.from({ length: 25 }, (_, i) => ({ name: `n${i}`, email: `e${i}@x.io`, age: i }));
      expect(await authors().insertMany(rows)).toBe(25);
      expect(queries.filter((q) => /^INSERT/.test(q.sql))).toHaveLength(1);
      const inserted = await authors().insertMany(rows.map((r) => ({ ...r, email: `again.${r.email}` })), { returning: true });
      expect(inserted.map((a) => a.age)).toEqual(rows.map((r) => r.age));
      expect(inserted.every((a) => a instanceof Author)).toBe(true);
      expect(queries.filter((q) => /^INSERT/.test(q.sql))).toHaveLength(2);
      expect(await authors().insertMany([])).toBe(0);
      expect(await authors().insertMany([], { returning: true })).toEqual([]);
    });

    it('stores the same values through insertMany as through insert, for every type and awkward value', async () => {
      const seenAt = new Date('2024-02-29T23:59:59.999Z');
      // MariaDB stores finite doubles only (values.test.ts): the largest stands in for Infinity there.
      const infinity = dialect === 'mysql' ? Number.MAX_VALUE : Infinity;
      const rows = [
        { name: 'quote \' and "double" and \\ backslash', prefs: { nested: { text: 'é ✓ 🎉 "q" \\ \n' }, list: [1, 'two', null, true] }, avatar: Buffer.from([0, 0x5c, 0x22, 0x7b, 255]) },
        { name: 'line\nbreak\ttab', prefs: 'just a string', avatar: Buffer.alloc(0), rating: infinity, big: -9223372036854775808n },
        { name: '', prefs: [], rating: -infinity, big: 9223372036854775807n, balance: '-99999999.99' },
        { name: 'numbers', prefs: 0, rating: 0.1 + 0.2, age: -2147483648, balance: '0.01' },
        { name: 'emoji 🎉', prefs: { '': 'empty key', 'a"b': 1 }, rating: 1e-300, age: 2147483647, active: false, kind: 'admin' as const },
        { name: 'nulls', prefs: null, rating: null, age: null, big: null, avatar: null, born: null, wakes: null, token: null, seenAt: null },
        { name: 'dates', born: '2000-02-29', wakes: '23:59:59', seenAt, token: 'ffffffff-ffff-ffff-ffff-ffffffffffff' },
        // A lone surrogate (not valid UTF-16), and bytes from a typed array other than a Buffer.
        { name: 'lone \ud800 surrogate', avatar: new Uint16Array([1, 0xffff]) as unknown as Buffer },
      ];
      // Every row gives every column, so that insertMany sends them all in one statement.
      const all = { age: null, active: true, kind: 'member' as const, balance: '0', big: null, rating: null, born: null, wakes: null, prefs: null, avatar: null, token: null, seenAt: null };
      const one = [];
      for (const [i, row] of rows.entries()) one.push(await authors().insert({ ...all, ...row, email: `one${i}@x.io` }));
      queries.length = 0;
      const many = await authors().insertMany(rows.map((row, i) => ({ ...all, ...row, email: `many${i}@x.io` })), { returning: true });
      expect(queries).toHaveLength(1);
      const stored = (email: string) => authors().findOne({ where: { email } });
      const comparable = (a: Author | null) => {
        const { id: _id, email: _email, createdAt: _c, updatedAt: _u, ...rest } = a!;
        return rest;
      };
      for (let i = 0; i < rows.length; i++) {
        expect(comparable(many[i]!)).toEqual(comparable(one[i]!));
        expect(comparable(await stored(`many${i}@x.io`))).toEqual(comparable(await stored(`one${i}@x.io`)));
      }
      expect((await stored('many0@x.io'))!.prefs).toEqual(rows[0]!.prefs);
      expect((await stored('many1@x.io'))!.prefs).toBe('just a string');
      expect((await stored('many0@x.io'))!.avatar).toEqual(Buffer.from([0, 0x5c, 0x22, 0x7b, 255]));
      expect((await stored('many6@x.io'))!.seenAt).toEqual(seenAt);
    });

    it('reports a violation inside a batch as the typed error, naming the row\'s table and columns', async () => {
      await authors().insert({ name: 'Ann', email: 'ann@x.io' });
      const rows = [{ name: 'B', email: 'b@x.io' }, { name: 'Ann again', email: 'ann@x.io' }, { name: 'C', email: 'c@x.io' }];
      await expect(authors().insertMany(rows)).rejects.toMatchObject({ name: 'UniqueConstraintError', table: 'authors', columns: ['email'] });
      await expect(authors().insertMany([{ name: 'x', email: 'x@x.io' }, { name: 'y', email: null as unknown as string }])).rejects.toMatchObject({ name: 'NotNullConstraintError', table: 'authors', columns: ['email'] });
      await expect(orm.repository(Post).insertMany([{ title: 'a', authorId: 1 }, { title: 'b', authorId: 999 }])).rejects.toMatchObject({ name: 'ForeignKeyConstraintError', table: 'posts' });
      expect(await authors().count()).toBe(1);
    });

    it('splits large inserts into batches, each under the engine\'s parameter limit', async () => {
      const count = Math.ceil(orm.dialect.capabilities.maxParameters / 3) + 10;
      const rows = Array.from({ length: count }, (_, i) => ({ name: `n${i}`, email: `e${i}@x.io`, age: i }));
      const inserted = await authors().insertMany(rows, { returning: true });
      expect(inserted).toHaveLength(count);
      expect(inserted[count - 1]!.email).toBe(`e${count - 1}@x.io`);
      const inserts = queries.filter((q) => /^INSERT/.test(q.sql));
      if (orm.dialect.runtime.runEach) {
        // better-sqlite3 and node:sqlite: one single-row statement, run for each row.
        expect(inserts).toHaveLength(1);
        expect(inserts[0]!.runs).toHaveLength(count);
      } else {
        expect(inserts.length).toBeGreaterThanOrEqual(2);
        for (const q of inserts) expect(q.params.length).toBeLessThanOrEqual(orm.dialect.capabilities.maxParameters);
      }
      expect(await authors().count()).toBe(count);
    });

    it('inserts rows that give different columns, and a row of defaults only', async () => {
      const posts = orm.repository(Post);
      const author = await authors().insert({ name: 'P', email: 'p@x.io' });
      const made = await posts.insertMany([{ title: 'a', authorId: author.id }, { title: 'b', authorId: author.id, likes: 3 }], { returning: true });
      expect(made.map((p) => [p.title, p.likes])).toEqual([['a', 0], ['b', 3]]);
      const setting = await orm.repository(Setting).insert({ scope: 1, key: 'k' });
      expect(setting).toMatchObject({ scope: 1, key: 'k', value: null });
    });
  });

  describe('find', () => {
    beforeEach(async () => {
      await authors().insertMany([
        { name: 'Ann', email: 'ann@x.io', age: 30, kind: 'admin' },
        { name: 'Bob', email: 'bob@x.io', age: 17 },
        { name: 'Cy', email: 'cy@x.io', age: null, active: false },
        { name: 'Dee', email: 'dee@x.io', age: 45, big: 5n },
      ]);
    });
    const names = (list: Author[]): string[] => list.map((a) => a.name);

    it.each([
      ['equality', { kind: 'admin' }, ['Ann']],
      ['null', { age: null }, ['Cy']],
      ['eq', { age: { eq: 17 } }, ['Bob']],
      ['eq null', { age: { eq: null } }, ['Cy']],
      ['ne', { kind: { ne: 'admin' } }, ['Bob', 'Cy', 'Dee']],
      ['ne null', { age: { ne: null } }, ['Ann', 'Bob', 'Dee']],
      ['gt', { age: { gt: 30 } }, ['Dee']],
      ['gte', { age: { gte: 30 } }, ['Ann', 'Dee']],
      ['lt', { age: { lt: 30 } }, ['Bob']],
      ['lte', { age: { lte: 30 } }, ['Ann', 'Bob']],
      ['a range', { age: { gte: 17, lt: 45 } }, ['Ann', 'Bob']],
      ['in', { name: { in: ['Bob', 'Dee', 'Zed'] } }, ['Bob', 'Dee']],
      ['empty in', { name: { in: [] } }, []],
      ['notIn', { name: { notIn: ['Bob', 'Dee'] } }, ['Ann', 'Cy']],
      ['empty notIn', { name: { notIn: [] } }, ['Ann', 'Bob', 'Cy', 'Dee']],
      ['like', { email: { like: '%e@x.io' } }, ['Dee']],
      ['isNull true', { age: { isNull: true } }, ['Cy']],
      ['isNull false', { age: { isNull: false } }, ['Ann', 'Bob', 'Dee']],
      ['boolean', { active: false }, ['Cy']],
      ['bigint', { big: 5n }, ['Dee']],
      ['and', { and: [{ age: { gt: 10 } }, { kind: 'member' }] }, ['Bob', 'Dee']],
      ['or', { or: [{ name: 'Ann' }, { age: null }] }, ['Ann', 'Cy']],
      ['or inside a condition', { active: true, or: [{ name: 'Ann' }, { name: 'Dee' }] }, ['Ann', 'Dee']],
      ['empty or', { or: [] }, []],
      ['undefined is ignored', { age: undefined, name: 'Bob' }, ['Bob']],
    ] as [string, object, string[]][])('where: %s', async (_what, where, expected) => {
      expect(names(await authors().find({ where: where as never, orderBy: { name: 'asc' } }))).toEqual(expected);
    });

    it('binds every value as a parameter', async () => {
      await authors().find({ where: { name: "Robert'); DROP TABLE authors;--" } });
      expect(queries.at(-1)!.sql).not.toContain('Robert');
      expect(await authors().count()).toBe(4);
    });

    it('sorts, limits and offsets', async () => {
      expect(names(await authors().find({ orderBy: { name: 'desc' } }))).toEqual(['Dee', 'Cy', 'Bob', 'Ann']);
      expect(names(await authors().find({ orderBy: [{ active: 'asc' }, { name: 'desc' }] }))).toEqual(['Cy', 'Dee', 'Bob', 'Ann']);
      expect(names(await authors().find({ orderBy: { name: 'asc' }, limit: 2 }))).toEqual(['Ann', 'Bob']);
      expect(names(await authors().find({ orderBy: { name: 'asc' }, limit: 2, offset: 1 }))).toEqual(['Bob', 'Cy']);
      expect(names(await authors().find({ orderBy: { name: 'asc' }, offset: 3 }))).toEqual(['Dee']);
    });

    it('finds one or null, by a where or by the primary key', async () => {
      expect((await authors().findOne({ where: { email: 'bob@x.io' } }))!.name).toBe('Bob');
      expect(await authors().findOne({ where: { email: 'nobody@x.io' } })).toBeNull();
      expect((await authors().findById(1))!.name).toBe('Ann');
      expect((await authors().findById(1n))!.name).toBe('Ann');
      expect(await authors().findById(99)).toBeNull();
    });

    it('finds by a composite key', async () => {
      const settings = orm.repository(Setting);
      await settings.insertMany([{ scope: 1, key: 'a', value: 'x' }, { scope: 2, key: 'a', value: 'y' }]);
      expect((await settings.findById({ scope: 2, key: 'a' }))!.value).toBe('y');
      await expect(settings.findById(2)).rejects.toThrow(/findById on Setting needs scope and key/);
    });

    it('counts', async () => {
      expect(await authors().count()).toBe(4);
      expect(await authors().count({ where: { active: true } })).toBe(3);
    });
  });

  describe('update and delete', () => {
    it('update returns the rows affected, and maintains updatedAt', async () => {
      const a = await authors().insert({ name: 'Ann', email: 'ann@x.io' });
      await authors().insert({ name: 'Bob', email: 'bob@x.io' });
      await new Promise((r) => setTimeout(r, 15));
      expect(await authors().update({ id: a.id }, { name: 'Al', age: 31 })).toBe(1);
      const updated = (await authors().findById(a.id))!;
      expect(updated).toMatchObject({ name: 'Al', age: 31 });
      expect(updated.updatedAt.getTime()).toBeGreaterThan(a.updatedAt.getTime());
      expect(updated.createdAt).toEqual(a.createdAt);
      expect(await authors().update({ active: true }, { kind: 'admin' })).toBe(2);
      expect(await authors().update({ id: 99 }, { name: 'x' })).toBe(0);
    });

    it('delete returns the rows affected', async () => {
      const a = await authors().insert({ name: 'Ann', email: 'ann@x.io' });
      expect(await authors().delete({ id: a.id })).toBe(1);
      expect(await authors().delete({ id: a.id })).toBe(0);
    });

    it('refuses to update or delete without a where, rather than touch every row', async () => {
      await authors().insert({ name: 'Ann', email: 'ann@x.io' });
      await expect(authors().delete({})).rejects.toThrow(/^delete on Author needs a where that selects rows: this one selects every row of authors, so it would delete them all/);
      await expect(authors().update({ id: undefined } as never, { name: 'x' })).rejects.toThrow(/^update on Author needs a where/);
      await expect(authors().update({ id: 1 }, {})).rejects.toThrow(/no values to set/);
      expect(await authors().count()).toBe(1);
    });
  });

  describe('a property that is not there', () => {
    it.each([
      ['where', () => authors().find({ where: { emial: 'x' } as never }), /^Author has no column property 'emial' \(in where\); its column properties are id, name, email/],
      ['orderBy', () => authors().find({ orderBy: { nmae: 'asc' } as never }), /^Author has no column property 'nmae' \(in orderBy\)/],
      ['include', () => authors().find({ include: { pots: true } as never }), /^Author has no relation 'pots' \(in include\); its relations are posts, profile, tags/],
      ['a relation in where', () => authors().find({ where: { posts: 1 } as never }), /^Author\.posts is a relation: filter it with \{ some: \{ … \} \}, \{ none: \{ … \} \}, \{ every: \{ … \} \}\./],
      ['insert', () => authors().insert({ nope: 1 } as never), /^Author has no column property 'nope' \(in insert\)/],
      ['an operator', () => authors().find({ where: { age: { greater: 3 } } as never }), /^Unknown operator 'greater' for Author\.age; use one of eq, ne, gt, gte, lt, lte, in, notIn, isNull\.$/],
      ['a text operator', () => authors().find({ where: { name: { startWith: 'A' } } as never }), /^Unknown operator 'startWith' for Author\.name; use one of eq, ne, gt, gte, lt, lte, in, notIn, like, ilike, startsWith, endsWith, contains, mode, isNull\.$/],
      ['an or inside a property', () => authors().find({ where: { age: { OR: [] } } as never }), /^Unknown operator 'OR' for Author\.age \(or goes beside the properties, not inside one: \{ or: … \}\); use one of eq, ne/],
      ['a direction', () => authors().find({ orderBy: { name: 'up' } as never }), /^orderBy Author\.name must be 'asc' or 'desc'/],
      ['a limit', () => authors().find({ limit: -1 }), /^limit on Author must be a whole number, 0 or more \(got -1\)/],
    ])('is a QueryError naming the entity and property: %s', async (_what, run, message) => {
      await reset_db(orm);
      const error = await run().catch((e: Error) => e);
      expect(error).toBeInstanceOf(QueryError);
      expect((error as Error).message).toMatch(message);
    });
  });
});
