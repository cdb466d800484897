import { Orm, type QueryEvent, QueryError } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../../helpers/dialects';
import { rawRows } from './raw-rows';
import { Author, AuthorTag, ENTITIES, Post, Tag } from './entities';

// select reads only the columns asked for; an include pages each parent's rows in the same one query.
describeEachDialect('select, and includes paged per parent', (db) => {
  let orm: Orm;
  const queries: QueryEvent[] = [];
  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: ENTITIES, onQuery: (e) => queries.push(e) });
    await reset_db(orm);
    const authors = await orm.repository(Author).insertMany(['Ann', 'Bob', 'Cy'].map((name) => ({ name, email: `${name}@x.io`, age: 30 })), { returning: true });
    const posts: { title: string; authorId: number; likes: number }[] = [];
    for (const [i, a] of authors.entries()) for (let k = 0; k < 5 - i * 2; k++) posts.push({ title: `${a.name}-${k}`, authorId: a.id, likes: (k * 7) % 5 });
    await orm.repository(Post).insertMany(posts);
    const tags = await orm.repository(Tag).insertMany(['t1', 't2', 't3', 't4'].map((name) => ({ name })), { returning: true });
    await orm.repository(AuthorTag).insertMany(tags.flatMap((t) => authors.slice(0, 2).map((a) => ({ authorId: a.id, tagId: t.id }))));
  });
  beforeEach(() => {
    queries.length = 0;
  });
  afterAll(() => orm?.close());

  it('reads only the selected columns, and sets only them on the instances', async () => {
    const rows = await orm.repository(Author).find({ select: ['id', 'email'], orderBy: { id: 'asc' } });
    expect(rows.map((r) => ({ ...r }))).toEqual([{ id: 1, email: 'Ann@x.io' }, { id: 2, email: 'Bob@x.io' }, { id: 3, email: 'Cy@x.io' }]);
    expect(rows[0]).toBeInstanceOf(Author);
    expect(queries[0]!.sql).toMatch(/^SELECT "id", "email" FROM "authors"/);
    const one = await orm.repository(Author).findOne({ select: ['name'], where: { email: 'Bob@x.io' } });
    expect({ ...one }).toEqual({ name: 'Bob' });
  });

  it('reads the keys an include needs besides the selected columns', async () => {
    const rows = await orm.repository(Author).find({ select: ['name'], include: { posts: true }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.name, r.posts.length])).toEqual([['Ann', 5], ['Bob', 3], ['Cy', 1]]);
  });

  it('pages each parent\'s has-many rows with limit and offset, in one query, as hand-written SQL does', async () => {
    const rows = await orm.repository(Author).find({ include: { posts: { orderBy: [{ likes: 'desc' }, { id: 'asc' }], limit: 2, offset: 1 } }, orderBy: { id: 'asc' } });
    expect(queries).toHaveLength(2);
    const result = (await orm.knex.raw(`
      SELECT p.title, p.author_id FROM (
        SELECT posts.*, ROW_NUMBER() OVER (PARTITION BY author_id ORDER BY likes DESC, id ASC) AS n FROM posts
      ) p WHERE p.n > 1 AND p.n <= 3 ORDER BY p.author_id, p.n`));
    const expected = rawRows<{ title: string; author_id: number }>(result);
    expect(rows.flatMap((a) => a.posts.map((p) => [a.id, p.title]))).toEqual(expected.map((r) => [Number(r.author_id), r.title]));
    expect(rows.map((a) => a.posts.length)).toEqual([2, 2, 0]);
  });

  it('pages many-to-many rows through the junction, and limit 0 reads nothing', async () => {
    const rows = await orm.repository(Author).find({ include: { tags: { orderBy: { name: 'desc' }, limit: 3 } }, orderBy: { id: 'asc' } });
    expect(rows.map((a) => a.tags.map((t) => t.name))).toEqual([['t4', 't3', 't2'], ['t4', 't3', 't2'], []]);
    queries.length = 0;
    const none = await orm.repository(Author).find({ include: { posts: { limit: 0 } } });
    expect(none.every((a) => a.posts.length === 0)).toBe(true);
    expect(queries).toHaveLength(1);
  });

  it.each([
    ['a property that is not there', () => orm.repository(Author).find({ select: ['nmae'] } as never), /^Author has no column property 'nmae' \(in select\)/],
    ['a relation in select', () => orm.repository(Author).find({ select: ['posts'] } as never), /^Author\.posts is a relation, not a column \(in select\)/],
    ['limit on a to-one relation', () => orm.repository(Post).find({ include: { author: { limit: 1 } } } as never), /^include\.author\.limit for Post: limit applies to to-many relations/],
    ['a negative per-parent limit', () => orm.repository(Author).find({ include: { posts: { limit: -1 } } }), /^include\.posts\.limit for Author must be a whole number, 0 or more \(got -1\)/],
  ])('refuses %s', async (_what, run, message) => {
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryError);
    expect((error as Error).message).toMatch(message);
  });
});
