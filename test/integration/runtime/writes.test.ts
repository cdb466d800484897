import { decrement, increment, Orm, QueryError, type QueryEvent, sql } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../../helpers/dialects';
import { Author, ENTITIES, Post, Setting } from './entities';

// Writes beyond insert: upsert, expressions in updates, and RETURNING on update and delete.

describeEachDialect('writes', (db, dialect) => {
  let orm: Orm;
  const queries: QueryEvent[] = [];
  const authors = () => orm.repository(Author);
  const now = dialect === 'postgres' ? sql`now()` : sql`CURRENT_TIMESTAMP`;
  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: ENTITIES, onQuery: (event) => queries.push(event) });
  });
  beforeEach(async () => {
    await reset_db(orm);
    queries.length = 0;
  });
  afterAll(() => orm?.close());
  const writes = () => queries.filter((q) => /^(INSERT|UPDATE|DELETE)/.test(q.sql));

  describe('upsert', () => {
    it('inserts new rows and updates existing ones over a unique column, in one statement, returning entities', async () => {
      const ann = await authors().insert({ name: 'Ann', email: 'ann@x.io', age: 30 });
      await new Promise((resolve) => setTimeout(resolve, 5));
      queries.length = 0;
      const rows = await authors().upsert([{ name: 'Annie', email: 'ann@x.io' }, { name: 'Bob', email: 'bob@x.io' }], { onConflict: ['email'], returning: true });
      expect(writes()).toHaveLength(1);
      expect(writes()[0]!.sql).toMatch(dialect === 'mysql'
        ? /ON DUPLICATE KEY UPDATE "name" = VALUES\("name"\), "updated_at" = VALUES\("updated_at"\)/
        : /ON CONFLICT \("email"\) DO UPDATE SET "name" = excluded."name", "updated_at" = excluded."updated_at"/);
      expect(rows.map((r) => [r.name, r.email, r.age, r.kind, r.active])).toEqual([['Annie', 'ann@x.io', 30, 'member', true], ['Bob', 'bob@x.io', null, 'member', true]]);
      // The existing row keeps its key; the new one gets a generated key (a conflicting row may use up a number).
      expect(rows[0]!.id).toBe(ann.id);
      expect(rows[1]!.id).toBeGreaterThan(ann.id);
      expect(rows[0]).toBeInstanceOf(Author);
      expect(rows[0]!.createdAt).toEqual(ann.createdAt);
      expect(rows[0]!.updatedAt.getTime()).toBeGreaterThan(ann.updatedAt.getTime());
      expect(await authors().count()).toBe(2);
    });

    it('takes one row, and resolves to the number of rows given without returning', async () => {
      expect(await authors().upsert({ name: 'Ann', email: 'ann@x.io' }, { onConflict: ['email'] })).toBe(1);
      expect(await authors().upsert([{ name: 'Ann 2', email: 'ann@x.io' }], { onConflict: ['email'] })).toBe(1);
      expect((await authors().findOne({ where: { email: 'ann@x.io' } }))!.name).toBe('Ann 2');
    });

    it('updates only the columns of update, and ignores conflicting rows with update: []', async () => {
      await authors().insert({ name: 'Ann', email: 'ann@x.io', age: 30 });
      await authors().upsert({ name: 'Annie', email: 'ann@x.io', age: 31 }, { onConflict: ['email'], update: ['age'] });
      const after = (await authors().findOne({ where: { email: 'ann@x.io' } }))!;
      expect([after.name, after.age]).toEqual(['Ann', 31]);
      const returned = await authors().upsert([{ name: 'X', email: 'ann@x.io' }, { name: 'Cy', email: 'cy@x.io' }], { onConflict: ['email'], update: [], returning: true });
      // MariaDB sets a key column to itself, which changes nothing (INSERT IGNORE would ignore other errors too).
      expect(writes().at(-1)!.sql).toContain(dialect === 'mysql' ? 'ON DUPLICATE KEY UPDATE "email" = "email"' : 'DO NOTHING');
      expect(returned.map((r) => r.name)).toEqual(['Cy']);
      expect((await authors().find({ orderBy: { email: 'asc' } })).map((a) => a.name)).toEqual(['Ann', 'Cy']);
    });

    it('works over a composite primary key', async () => {
      const settings = orm.repository(Setting);
      await settings.insert({ scope: 1, key: 'theme', value: 'light' });
      await settings.upsert([{ scope: 1, key: 'theme', value: 'dark' }, { scope: 2, key: 'theme', value: 'blue' }], { onConflict: ['key', 'scope'] });
      expect((await settings.find({ orderBy: { scope: 'asc' } })).map((s) => [s.scope, s.value])).toEqual([[1, 'dark'], [2, 'blue']]);
    });

    it('writes many rows, half of them existing, in batches', async () => {
      await authors().insertMany(Array.from({ length: 1500 }, (_, i) => ({ name: `old ${i}`, email: `u${i}@x.io` })));
      const rows = Array.from({ length: 3000 }, (_, i) => ({ name: `new ${i}`, email: `u${i}@x.io`, age: i % 100 }));
      const written = await authors().upsert(rows, { onConflict: ['email'], returning: true });
      expect(written).toHaveLength(3000);
      expect(written.map((w) => w.email)).toEqual(rows.map((r) => r.email));
      expect(await authors().count()).toBe(3000);
      expect(await authors().count({ where: { name: { startsWith: 'old' } } })).toBe(0);
    });

    it.each<[string, () => Promise<unknown>, RegExp]>([
      ['a column that is no key', () => authors().upsert({ name: 'A', email: 'a@x.io' }, { onConflict: ['name'] }), /onConflict on Author must name the columns of its primary key or of a unique constraint \(\[id\], \[email\]\); \[name\] is neither/],
      ['no onConflict', () => authors().upsert({ name: 'A', email: 'a@x.io' }, {} as never), /upsert on Author needs onConflict/],
      ['a row without the conflict column', () => authors().upsert([{ name: 'A' }], { onConflict: ['email'] }), /row 0 gives no email, which onConflict names/],
      ['a key given twice', () => authors().upsert([{ name: 'A', email: 'a@x.io' }, { name: 'B', email: 'a@x.io' }], { onConflict: ['email'] }), /row 1 repeats the email of an earlier row/],
      ['an update column the rows do not give', () => authors().upsert([{ name: 'A', email: 'a@x.io' }], { onConflict: ['email'], update: ['age'] }), /names age, which the rows do not give/],
      ['an unknown property', () => authors().upsert([{ name: 'A', email: 'a@x.io' }], { onConflict: ['emial' as 'email'] }), /Author has no column property 'emial'/],
    ])('refuses %s with a QueryError, before any SQL', async (_what, run, message) => {
      const error = await run().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QueryError);
      expect((error as Error).message).toMatch(message);
      expect(queries).toHaveLength(0);
    });
  });

  describe('expressions in updates', () => {
    it('increments and decrements numeric columns of every kind in one statement', async () => {
      const ann = await authors().insert({ name: 'Ann', email: 'ann@x.io', age: 30, balance: '10.00', big: 9007199254740993n, rating: 1.5 });
      queries.length = 0;
      const count = await authors().update({ id: ann.id }, { age: increment(2), balance: decrement('2.50'), big: increment(2n), rating: decrement(0.25) });
      expect(count).toBe(1);
      expect(writes()).toHaveLength(1);
      const after = (await authors().findById(ann.id))!;
      expect([after.age, after.balance, after.big, after.rating]).toEqual([32, '7.50', 9007199254740995n, 1.25]);
    });

    it('sets a column to a SQL expression, its interpolated values bound', async () => {
      const ann = await authors().insert({ name: 'Ann', email: 'ann@x.io', age: 3 });
      const before = Date.now() - 2000;
      await authors().update({ id: ann.id }, { seenAt: now, age: sql`${orm.ref(Author).age} * ${7}`, name: orm.sql`upper(${'ann'})` });
      const after = (await authors().findById(ann.id))!;
      expect([after.age, after.name]).toEqual([21, 'ANN']);
      expect(after.seenAt!.getTime()).toBeGreaterThan(before);
      expect(writes().at(-1)!.params).toEqual(expect.arrayContaining([7, 'ann']));
    });

    it('composes a sql template into orm.sql, as a fragment', async () => {
      const [row] = await orm.sql<{ s: string }>`select ${sql`upper(${'ann'})`} as s`;
      expect(row!.s).toBe('ANN');
    });

    it('binds the values of each call when updates of one shape repeat, and tells shapes apart', async () => {
      const [ann, bob, cy] = await authors().insertMany([
        { name: 'Ann', email: 'ann@x.io', age: 1 }, { name: 'Bob', email: 'bob@x.io', age: 10 }, { name: 'Cy', email: 'cy@x.io' },
      ], { returning: true });
      for (let i = 0; i < 3; i++) {
        await authors().update({ id: ann!.id }, { age: increment(1) });
        await authors().update({ id: bob!.id }, { age: decrement(2) });
      }
      await authors().update({ id: { in: [ann!.id, bob!.id] } }, { rating: 0.5 });
      await authors().update({ id: { in: [cy!.id] } }, { rating: 2 });
      await authors().update({ age: null, name: 'Cy' }, { age: 7 });
      await authors().update({ age: null, name: 'Cy' }, { age: 8 });
      await authors().update({ age: 4, name: 'Ann' }, { age: increment(10) });
      const [changed] = await authors().update({ id: bob!.id }, { age: increment(1) }, { returning: true });
      expect(changed!.age).toBe(5);
      const rows = await authors().find({ orderBy: { name: 'asc' } });
      expect(rows.map((a) => [a.name, a.age, a.rating])).toEqual([['Ann', 14, 0.5], ['Bob', 5, 0.5], ['Cy', 7, 2]]);
      const updates = writes().filter((q) => q.sql.startsWith('UPDATE'));
      expect(updates[0]!.sql).toBe(updates[2]!.sql);
      expect(updates[0]!.params).not.toEqual(updates[1]!.params);
      expect(updates[0]!.sql).not.toBe(updates[1]!.sql);
    });

    it('keeps NULL as NULL', async () => {
      const ann = await authors().insert({ name: 'Ann', email: 'ann@x.io' });
      await authors().update({ id: ann.id }, { age: increment(1) });
      expect((await authors().findById(ann.id))!.age).toBeNull();
    });

    it.each<[string, () => Promise<unknown>, RegExp]>([
      ['increment on a text column', () => authors().update({ id: 1 }, { name: increment('1') }), /increment applies to numeric columns, and Author.name is string \(in update\)/],
      ['an amount that does not fit the column', () => authors().update({ id: 1 }, { age: increment(1.5) }), /Author.age takes a whole number/],
      ['a decimal amount that is not a number', () => authors().update({ id: 1 }, { balance: decrement('two') }), /Author.balance takes a decimal/],
    ])('refuses %s with a QueryError, before any SQL', async (_what, run, message) => {
      const error = await run().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QueryError);
      expect((error as Error).message).toMatch(message);
      expect(queries).toHaveLength(0);
    });

    if (dialect === 'postgres') {
      it('loses no increment when connections of separate pools update the same row at once', async () => {
        const post = await orm.repository(Post).insert({ title: 'hot', authorId: (await authors().insert({ name: 'A', email: 'a@x.io' })).id });
        const others = await Promise.all(Array.from({ length: 4 }, () => Orm.connect({ url: db().url, entities: ENTITIES })));
        try {
          await Promise.all(others.flatMap((o) => Array.from({ length: 25 }, () => o.repository(Post).update({ id: post.id }, { likes: increment(1) }))));
        } finally {
          await Promise.all(others.map((o) => o.close()));
        }
        expect((await orm.repository(Post).findById(post.id))!.likes).toBe(100);
      });
    }
  });

  describe('returning', () => {
    it('resolves update to the changed rows, as entities with every column', async () => {
      await authors().insertMany([{ name: 'Ann', email: 'ann@x.io', age: 20 }, { name: 'Bob', email: 'bob@x.io', age: 40 }, { name: 'Cy', email: 'cy@x.io', age: 60 }]);
      const changed = await authors().update({ age: { gte: 40 } }, { active: false, big: 5n }, { returning: true });
      expect(changed.map((a) => [a.name, a.active, a.big, a.balance]).sort()).toEqual([['Bob', false, 5n, '0.00'], ['Cy', false, 5n, '0.00']]);
      expect(changed[0]).toBeInstanceOf(Author);
      expect(changed[0]!.updatedAt).toBeInstanceOf(Date);
      expect(changed[0]!.greeting()).toMatch(/^Hello, /);
    });

    it('resolves delete to the deleted rows', async () => {
      await authors().insertMany([{ name: 'Ann', email: 'ann@x.io' }, { name: 'Bob', email: 'bob@x.io' }]);
      const deleted = await authors().delete({ name: 'Bob' }, { returning: true });
      expect(deleted.map((a) => [a.name, a.email, a.active])).toEqual([['Bob', 'bob@x.io', true]]);
      expect(await authors().count()).toBe(1);
    });

    it('resolves to [] when the where matches nothing, sending nothing when it cannot match', async () => {
      expect(await authors().update({ id: { in: [] } }, { name: 'x' }, { returning: true })).toEqual([]);
      expect(await authors().delete({ or: [] }, { returning: true })).toEqual([]);
      expect(queries).toHaveLength(0);
      expect(await authors().delete({ id: 99 }, { returning: true })).toEqual([]);
      expect(await authors().update({ id: 99 }, { name: 'x' })).toBe(0);
    });
  });
});
