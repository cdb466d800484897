import { Orm, QueryError, type QueryEvent } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../../helpers/dialects';
import { rawRows } from './raw-rows';
import { Author, AuthorTag, ENTITIES, Post, Tag } from './entities';

// distinct, relation counts and findAndCount against hand-written SQL on the same rows: the same rows, in the same
// order, with the same counts, on both engines.
describeEachDialect('distinct, relation counts and findAndCount', (db, dialect) => {
  let orm: Orm;
  const queries: QueryEvent[] = [];
  const raw = async (sql: string): Promise<Record<string, unknown>[]> => {
    return rawRows(await orm.knex.raw(sql));
  };
  /** The names of the rows hand-written SQL keeps: the first of each group by `order`, then by id. */
  const firstOfEach = async (partition: string, order: string, outer: string, where = ''): Promise<string[]> => {
    const rows = await raw(`SELECT p.name FROM (SELECT a.*, ROW_NUMBER() OVER (PARTITION BY ${partition} ORDER BY ${order}) AS n FROM authors a ${where}) p WHERE p.n = 1 ORDER BY ${outer}`);
    return rows.map((r) => r.name as string);
  };
  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: ENTITIES, onQuery: (e) => queries.push(e) });
    await reset_db(orm);
    const people: [string, number | null, 'admin' | 'member', boolean][] = [
      ['Ann', 30, 'admin', true], ['Bob', 20, 'member', true], ['Cy', null, 'member', false], ['Dee', 41, 'member', true],
      ['Eve', 30, 'admin', false], ['Fay', 20, 'member', false], ['Gus', null, 'admin', true],
    ];
    const authors = await orm.repository(Author).insertMany(people.map(([name, age, kind, active]) => ({ name, email: `${name}@x.io`, age, kind, active })), { returning: true });
    const posts: { title: string; authorId: number; likes: number }[] = [];
    authors.forEach((a, i) => {
      for (let k = 0; k < (i * 3) % 5; k++) posts.push({ title: `${a.name}-${k}`, authorId: a.id, likes: k });
    });
    await orm.repository(Post).insertMany(posts);
    const tags = await orm.repository(Tag).insertMany([{ name: 'red' }, { name: 'blue' }], { returning: true });
    await orm.repository(AuthorTag).insertMany([
      { authorId: authors[0]!.id, tagId: tags[0]!.id }, { authorId: authors[0]!.id, tagId: tags[1]!.id }, { authorId: authors[2]!.id, tagId: tags[1]!.id },
    ]);
  });
  beforeEach(() => {
    queries.length = 0;
  });
  afterAll(() => orm?.close());

  const names = (rows: { name: string }[]): string[] => rows.map((r) => r.name);

  it('keeps the row with the lowest primary key of each group, in primary key order, without an orderBy', async () => {
    const rows = await orm.repository(Author).find({ distinct: ['kind'] });
    expect(names(rows)).toEqual(await firstOfEach('a.kind', 'a.id', 'p.id'));
    expect(names(rows)).toEqual(['Ann', 'Bob']);
    expect(rows[0]).toBeInstanceOf(Author);
  });

  it('keeps the first row of each group by orderBy when orderBy starts with the distinct columns', async () => {
    const rows = await orm.repository(Author).find({ distinct: ['kind'], orderBy: [{ kind: 'desc' }, { age: 'desc' }] });
    expect(names(rows)).toEqual(await firstOfEach('a.kind', 'a.kind DESC, a.age DESC, a.id', 'p.kind DESC, p.age DESC, p.id'));
    expect(queries[0]!.sql).toMatch(dialect === 'postgres' ? /^SELECT DISTINCT ON \("authors"\."kind"\) "authors"\."id"/ : /ROW_NUMBER\(\) OVER \(PARTITION BY "authors"\."kind"/);
  });

  it('keeps the first row by orderBy, and sorts the rows kept by it, when orderBy does not start with them', async () => {
    const rows = await orm.repository(Author).find({ distinct: ['age'], orderBy: { name: 'desc' } });
    expect(names(rows)).toEqual(await firstOfEach('a.age', 'a.name DESC, a.id', 'p.name DESC, p.id'));
    expect(rows).toHaveLength(4);
    expect(queries[0]!.sql).toMatch(dialect === 'postgres' ? /^SELECT .* FROM \(SELECT DISTINCT ON \("authors"\."age"\) \*/ : /ROW_NUMBER/);
  });

  it('combines distinct columns with where, select, limit and offset', async () => {
    const rows = await orm.repository(Author).find({ distinct: ['kind', 'active'], where: { name: { ne: 'Ann' } }, select: ['name'], orderBy: { age: 'asc' }, limit: 2, offset: 1 });
    const expected = await firstOfEach('a.kind, a.active', 'a.age ASC, a.id', 'p.age ASC, p.id', "WHERE a.name <> 'Ann'");
    expect(rows.map((r) => ({ ...r }))).toEqual(expected.slice(1, 3).map((name) => ({ name })));
  });

  it('counts related rows per row, in one query per relation', async () => {
    const rows = await orm.repository(Author).find({ include: { posts: true }, count: { posts: true, tags: true }, orderBy: { id: 'asc' } });
    expect(queries).toHaveLength(4);
    const posts = await raw('SELECT a.id, (SELECT COUNT(*) FROM posts p WHERE p.author_id = a.id) AS n FROM authors a ORDER BY a.id');
    const tags = await raw('SELECT a.id, (SELECT COUNT(*) FROM author_tags j WHERE j.author_id = a.id) AS n FROM authors a ORDER BY a.id');
    expect(rows.map((r) => r._count)).toEqual(posts.map((p, i) => ({ posts: Number(p.n), tags: Number(tags[i]!.n) })));
    expect(rows.map((r) => r._count.posts)).toEqual(rows.map((r) => r.posts.length));
    expect(rows.every((r) => typeof r._count.posts === 'number')).toBe(true);
  });

  it('counts only the related rows matching a where, through a junction too, with select', async () => {
    const rows = await orm.repository(Author).find({ select: ['name'], count: { posts: { where: { likes: { gte: 1 } } }, tags: { where: { name: 'blue' } } }, orderBy: { id: 'asc' } });
    expect(queries).toHaveLength(3);
    const posts = await raw('SELECT a.name, (SELECT COUNT(*) FROM posts p WHERE p.author_id = a.id AND p.likes >= 1) AS n FROM authors a ORDER BY a.id');
    const tags = await raw("SELECT a.id, (SELECT COUNT(*) FROM author_tags j JOIN tags t ON t.id = j.tag_id WHERE j.author_id = a.id AND t.name = 'blue') AS n FROM authors a ORDER BY a.id");
    expect(rows.map((r) => [r.name, r._count.posts, r._count.tags])).toEqual(posts.map((p, i) => [p.name, Number(p.n), Number(tags[i]!.n)]));
  });

  it('returns a page and the total ignoring limit and offset', async () => {
    const [page, total] = await orm.repository(Author).findAndCount({ where: { active: true }, orderBy: { id: 'asc' }, limit: 2, offset: 1 });
    const all = await raw('SELECT name FROM authors WHERE active = true ORDER BY id');
    expect(names(page)).toEqual(all.slice(1, 3).map((r) => r.name));
    expect(total).toBe(all.length);
    const [kinds, groups] = await orm.repository(Author).findAndCount({ distinct: ['kind'], limit: 1 });
    expect([kinds.length, groups]).toEqual([1, 2]);
    expect(await orm.repository(Author).findAndCount({ where: { id: { in: [] } } })).toEqual([[], 0]);
  });

  it.each([
    ['a count of a to-one relation', () => orm.repository(Post).find({ count: { author: true } } as never), /^count\.author for Post: counts are of to-many relations/],
    ['a count of a relation that is not there', () => orm.repository(Author).find({ count: { pots: true } } as never), /^Author has no relation 'pots' \(in count\)/],
    ['a count with an unknown option', () => orm.repository(Author).find({ count: { posts: { limit: 1 } } } as never), /^count\.posts for Author must be true or \{ where: … \}/],
    ['distinct on a property that is not there', () => orm.repository(Author).find({ distinct: ['knid'] } as never), /^Author has no column property 'knid' \(in distinct\)/],
    ['distinct on a json column', () => orm.repository(Author).find({ distinct: ['prefs'] }), /^distinct on Author\.prefs/],
  ])('refuses %s with a QueryError, before any SQL', async (_what, run, message) => {
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryError);
    expect((error as Error).message).toMatch(message);
    expect(queries).toHaveLength(0);
  });
});
