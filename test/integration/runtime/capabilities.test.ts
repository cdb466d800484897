import { Orm, QueryError, type QueryEvent } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../../helpers/dialects';
import { Author, ENTITIES } from './entities';

// The runtime reads the dialect's capabilities where engines differ. Both engines here can do everything these
// flags describe, so each test runs the real engine with one flag turned off, as an engine without it would say.

type Capabilities = Orm['dialect']['capabilities'];

describeEachDialect('the runtime asks capabilities', (db) => {
  let orm: Orm;
  const queries: QueryEvent[] = [];
  const authors = () => orm.repository(Author);
  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: ENTITIES, onQuery: (event) => queries.push(event) });
  });
  beforeEach(async () => {
    await reset_db(orm);
    queries.length = 0;
  });
  afterAll(() => orm?.close());

  /** Runs `fn` with the dialect's capabilities changed by `change`, then puts them back. */
  async function withCapabilities<R>(change: Partial<Capabilities>, fn: () => Promise<R>): Promise<R> {
    const dialect = orm.dialect as { capabilities: Capabilities };
    const saved = dialect.capabilities;
    dialect.capabilities = { ...saved, ...change };
    try {
      return await fn();
    } finally {
      dialect.capabilities = saved;
    }
  }

  it('binds the time of a statement once per timestamp, in text order, never reusing a parameter (MariaDB cannot)', async () => {
    const rows = [{ name: 'Ann', email: 'ann@x.io' }, { name: 'Bob', email: 'bob@x.io', age: 40 }, { name: 'Cy', email: 'cy@x.io' }];
    const many = await authors().insertMany(rows, { returning: true });
    const upserted = await authors().upsert([{ name: 'Annie', email: 'ann@x.io' }, { name: 'Di', email: 'di@x.io' }], { onConflict: ['email'], returning: true });
    const inserted = [...many, ...upserted];
    const inserts = queries.filter((q) => q.sql.startsWith('INSERT'));
    expect(inserts.length).toBeGreaterThan(0);
    for (const q of inserts) {
      // No marker is numbered for reuse (`?1`), and no numbered marker appears twice (`$1`, `$1`).
      expect(q.sql).not.toMatch(/\?\d/);
      const numbered = q.sql.match(/\$\d+/g) ?? [];
      expect(new Set(numbered).size).toBe(numbered.length);
    }
    expect(inserted.map((a) => [a.name, a.email, a.age])).toEqual([
      ['Ann', 'ann@x.io', null], ['Bob', 'bob@x.io', 40], ['Cy', 'cy@x.io', null], ['Annie', 'ann@x.io', null], ['Di', 'di@x.io', null],
    ]);
    // Each new row's two timestamps are the one time of its statement; the updated row (Annie) keeps its createdAt.
    for (const a of inserted.filter((_, i) => i !== 3)) expect(a.updatedAt.getTime()).toBe(a.createdAt.getTime());
    expect(inserted[3]!.createdAt).toEqual(inserted[0]!.createdAt);
    const stored = await authors().find({ orderBy: { email: 'asc' } });
    expect(stored.map((a) => [a.name, a.email])).toEqual([['Annie', 'ann@x.io'], ['Bob', 'bob@x.io'], ['Cy', 'cy@x.io'], ['Di', 'di@x.io']]);
  });

  it.each([
    ['insert', () => authors().insert({ name: 'Ann', email: 'ann@x.io' })],
    ['delete', () => authors().delete({ id: 1 }, { returning: true })],
  ] as const)('refuses, before any SQL, to ask %s for the rows it wrote where the engine cannot return them', async (statement, run) => {
    const caps = orm.dialect.capabilities;
    const error = await withCapabilities({ returning: { ...caps.returning, [statement]: false } }, () => run().then(() => undefined, (e: unknown) => e));
    expect(error).toBeInstanceOf(QueryError);
    expect((error as Error).message).toContain(`${statement.toUpperCase()} statements cannot return rows`);
    expect(queries.filter((q) => /^(INSERT|UPDATE|DELETE)/.test(q.sql))).toEqual([]);
  });

  it('still writes without RETURNING where the engine cannot return rows and none are asked for', async () => {
    await authors().insert({ name: 'Ann', email: 'ann@x.io' });
    queries.length = 0;
    const caps = orm.dialect.capabilities;
    const counts = await withCapabilities({ returning: { ...caps.returning, update: false, delete: false } }, async () =>
      [await authors().update({ email: 'ann@x.io' }, { name: 'Al' }), await authors().delete({ email: 'ann@x.io' })]);
    expect(counts).toEqual([1, 1]);
    expect(queries.filter((q) => q.sql.includes('RETURNING'))).toEqual([]);
  });

  it('returns the rows of an update where UPDATE cannot, by locking their keys, updating by key and reading them back', async () => {
    const [ann] = await authors().insertMany([{ name: 'Ann', email: 'ann@x.io' }, { name: 'Bob', email: 'bob@x.io' }], { returning: true });
    queries.length = 0;
    const caps = orm.dialect.capabilities;
    const updated = await withCapabilities({ returning: { ...caps.returning, update: false } }, () => authors().update({ email: 'ann@x.io' }, { name: 'Al' }, { returning: true }));
    expect(updated.map((a) => [a.id, a.name, a.email])).toEqual([[ann!.id, 'Al', 'ann@x.io']]);
    expect(queries.filter((q) => q.sql.includes('RETURNING'))).toEqual([]);
    expect(queries.some((q) => /^UPDATE/.test(q.sql))).toBe(true);
    expect((await authors().find({ orderBy: { email: 'asc' } })).map((a) => a.name)).toEqual(['Al', 'Bob']);
  });

  it('refuses an upsert row that gives another key where any key\'s conflict makes the row an update', async () => {
    await authors().insert({ name: 'Ann', email: 'ann@x.io' });
    queries.length = 0;
    const error = await withCapabilities({ upsert: 'anyKey' }, () => authors().upsert({ id: 1, name: 'Ann', email: 'ann@x.io' }, { onConflict: ['email'] }).then(() => undefined, (e: unknown) => e));
    expect(error).toBeInstanceOf(QueryError);
    expect((error as Error).message).toMatch(/upsert on Author by \[email\]: row 0 also gives \[id\], another key/);
    expect(queries).toEqual([]);
    expect(await withCapabilities({ upsert: 'anyKey' }, () => authors().upsert({ name: 'Annie', email: 'ann@x.io' }, { onConflict: ['email'] }))).toBe(1);
  });
});
