import { Orm, type QueryEvent } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../../helpers/dialects';
import { Author, AuthorTag, Comment, ENTITIES, Post, Profile, Tag } from './entities';

describeEachDialect('include', (db) => {
  let orm: Orm;
  const queries: QueryEvent[] = [];
  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: ENTITIES, onQuery: (e) => queries.push(e) });
    await reset_db(orm);
    const [ann, bob, cy] = await orm.repository(Author).insertMany([
      { name: 'Ann', email: 'ann@x.io' }, { name: 'Bob', email: 'bob@x.io' }, { name: 'Cy', email: 'cy@x.io' },
    ], { returning: true });
    await orm.repository(Profile).insert({ bio: 'Ann writes', authorId: ann!.id });
    const posts = await orm.repository(Post).insertMany([
      { title: 'A1', authorId: ann!.id, likes: 5 }, { title: 'A2', authorId: ann!.id, likes: 1 }, { title: 'B1', authorId: bob!.id },
    ], { returning: true });
    await orm.repository(Comment).insertMany([
      { body: 'c1', postId: posts[0]!.id }, { body: 'c2', postId: posts[0]!.id }, { body: 'c3', postId: posts[2]!.id },
    ]);
    const [red, blue] = await orm.repository(Tag).insertMany([{ name: 'red' }, { name: 'blue' }], { returning: true });
    await orm.repository(AuthorTag).insertMany([
      { authorId: ann!.id, tagId: red!.id }, { authorId: ann!.id, tagId: blue!.id }, { authorId: bob!.id, tagId: blue!.id },
    ]);
    void cy;
  });
  beforeEach(() => {
    queries.length = 0;
  });
  afterAll(() => orm?.close());
  const byId = { orderBy: { id: 'asc' } } as const;
  const authors = () => orm.repository(Author).find({ orderBy: { name: 'asc' }, include: { posts: byId, profile: true, tags: byId } });

  it('loads HasMany, HasOne and BelongsToMany, one query per relation', async () => {
    const list = await authors();
    expect(queries).toHaveLength(4);
    expect(list.map((a) => [a.name, a.posts!.map((p) => p.title), a.profile?.bio ?? null, a.tags!.map((t) => t.name)])).toEqual([
      ['Ann', ['A1', 'A2'], 'Ann writes', ['red', 'blue']],
      ['Bob', ['B1'], null, ['blue']],
      ['Cy', [], null, []],
    ]);
    expect(list[0]!.posts![0]).toBeInstanceOf(Post);
    expect(list[0]!.tags![0]).toBeInstanceOf(Tag);
  });

  it('loads BelongsTo', async () => {
    const posts = await orm.repository(Post).find({ orderBy: { title: 'asc' }, include: { author: true } });
    expect(queries).toHaveLength(2);
    expect(posts.map((p) => [p.title, p.author!.name])).toEqual([['A1', 'Ann'], ['A2', 'Ann'], ['B1', 'Bob']]);
    expect(posts[0]!.author).toBeInstanceOf(Author);
  });

  it('nests, one query per level however many rows', async () => {
    const list = await orm.repository(Author).find({ orderBy: { name: 'asc' }, include: { posts: { ...byId, include: { comments: byId, author: true } } } });
    expect(queries).toHaveLength(4);
    expect(list[0]!.posts!.map((p) => [p.title, p.comments!.map((c) => c.body), p.author!.name])).toEqual([['A1', ['c1', 'c2'], 'Ann'], ['A2', [], 'Ann']]);
    const tags = await orm.repository(Tag).find({ where: { name: 'blue' }, include: { authors: { ...byId, include: { posts: true } } } });
    expect(tags[0]!.authors!.map((a) => [a.name, a.posts!.length])).toEqual([['Ann', 2], ['Bob', 1]]);
  });

  it('narrows and sorts an included relation', async () => {
    const [ann] = await orm.repository(Author).find({ where: { name: 'Ann' }, include: { posts: { where: { likes: { gt: 2 } } }, tags: { orderBy: { name: 'asc' } } } });
    expect(ann!.posts!.map((p) => p.title)).toEqual(['A1']);
    expect(ann!.tags!.map((t) => t.name)).toEqual(['blue', 'red']);
  });

  it('loads through findOne and findById', async () => {
    expect((await orm.repository(Author).findById(1, { include: { posts: true } }))!.posts).toHaveLength(2);
    expect((await orm.repository(Post).findOne({ where: { title: 'B1' }, include: { comments: true } }))!.comments!.map((c) => c.body)).toEqual(['c3']);
    expect((await orm.repository(Author).findById(1, { include: { posts: { orderBy: { title: 'desc' } } } }))!.posts!.map((p) => p.title)).toEqual(['A2', 'A1']);
  });
});
