import { Orm, type QueryEvent } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../../helpers/dialects';
import { Author, AuthorTag, ENTITIES, Post, Tag } from './entities';

// A list is one bound parameter (PostgreSQL `= ANY($1)`, SQLite `IN (SELECT value FROM json_each(?))`), so
// its length is not bounded by the engine's parameter limit, and the statement's text does not depend on it.
describeEachDialect('lists longer than the parameter limit', (db) => {
  let orm: Orm;
  let ids: number[];
  const queries: QueryEvent[] = [];
  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: ENTITIES, onQuery: (e) => queries.push(e) });
    await reset_db(orm);
    const count = orm.dialect.capabilities.maxParameters + 10;
    const authors = await orm.repository(Author).insertMany(Array.from({ length: count }, (_, i) => ({ name: `m${i}`, email: `m${i}@x.io` })), { returning: true });
    ids = authors.map((a) => a.id);
    await orm.repository(Post).insertMany(ids.map((id) => ({ title: `t${id}`, authorId: id })));
    const [tag] = await orm.repository(Tag).insertMany([{ name: 'all' }], { returning: true });
    await orm.repository(AuthorTag).insertMany(ids.map((authorId) => ({ authorId, tagId: tag!.id })));
  });
  beforeEach(() => {
    queries.length = 0;
  });
  afterAll(() => orm?.close());

  it('finds, counts and excludes by a list of any length, in one statement of one parameter', async () => {
    const authors = orm.repository(Author);
    const some = [...ids.slice(5), 10_000_000];
    expect(await authors.count({ where: { id: { in: some } } })).toBe(ids.length - 5);
    expect((await authors.find({ where: { id: { in: some } } })).length).toBe(ids.length - 5);
    expect((await authors.find({ where: { id: { notIn: some } }, orderBy: { id: 'asc' } })).map((a) => a.id)).toEqual(ids.slice(0, 5));
    expect(queries).toHaveLength(3);
    for (const q of queries) expect(q.params).toHaveLength(1);
  });

  it('uses the same statement text whatever the list\'s length', async () => {
    await orm.repository(Author).find({ where: { id: { in: [1] } } });
    await orm.repository(Author).find({ where: { id: { in: ids } } });
    expect(queries[0]!.sql).toBe(queries[1]!.sql);
  });

  it('loads relations of every parent in one query per relation', async () => {
    const loaded = await orm.repository(Author).find({ include: { posts: true, tags: true } });
    expect(loaded).toHaveLength(ids.length);
    expect(loaded.every((a) => a.posts!.length === 1 && a.posts![0]!.title === `t${a.id}` && a.tags!.length === 1)).toBe(true);
    expect(queries).toHaveLength(3);
  });

  it('updates and deletes by a long list', async () => {
    await orm.transaction(async (tx) => {
      expect(await tx.repository(Post).update({ authorId: { in: ids } }, { likes: 7 })).toBe(ids.length);
      expect(await tx.repository(Post).delete({ authorId: { in: ids.slice(1) } })).toBe(ids.length - 1);
      expect(await tx.repository(Post).count()).toBe(1);
      throw new Error('roll back');
    }).catch((error: Error) => expect(error.message).toBe('roll back'));
    expect(await orm.repository(Post).count({ where: { likes: 7 } })).toBe(0);
  });
});
