import { Orm, QueryError, type Where } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../../helpers/dialects';
import { rawRows } from './raw-rows';
import { Author, AuthorTag, Comment, ENTITIES, Post, Profile, Tag } from './entities';

// Each filter against hand-written SQL on the same rows: the same rows come back, in the same order.
describeEachDialect('where: text, not, relations and json paths', (db, dialect) => {
  let orm: Orm;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: ENTITIES });
    await reset_db(orm);
    const names = ['Ann', 'ann', 'ANNE', 'Émile', 'émile', 'a%b', 'axb', 'a_b', 'Bob'];
    const authors = await orm.repository(Author).insertMany(names.map((name, i) => ({
      name, email: `${i}@x.io`, age: i % 3 === 0 ? null : 20 + i * 5, kind: i % 4 === 0 ? 'admin' as const : 'member' as const,
      prefs: i === 0 ? { theme: 'dark', n: 5, flag: true, nested: { a: [1, 2] } } : i === 1 ? { theme: 'light', n: '5', flag: 1 } : null,
    })), { returning: true });
    for (const a of authors) ids[a.name] = a.id;
    const posts = await orm.repository(Post).insertMany([
      { title: 'orm tips', authorId: ids.Ann!, likes: 3 }, { title: 'cooking', authorId: ids.Ann!, likes: 0 },
      { title: 'ORM news', authorId: ids.ann!, likes: 7 }, { title: 'orm again', authorId: ids.Bob!, likes: 1 },
    ], { returning: true });
    await orm.repository(Comment).insertMany([{ body: 'great', postId: posts[0]!.id }, { body: 'meh', postId: posts[2]!.id }]);
    await orm.repository(Profile).insert({ bio: 'writes', authorId: ids.Ann! });
    const tags = await orm.repository(Tag).insertMany([{ name: 'red' }, { name: 'blue' }], { returning: true });
    await orm.repository(AuthorTag).insertMany([{ authorId: ids.Ann!, tagId: tags[0]!.id }, { authorId: ids.Bob!, tagId: tags[1]!.id }, { authorId: ids.ann!, tagId: tags[0]!.id }]);
  });
  afterAll(() => orm?.close());

  const names = async (where: Where<Author>): Promise<string[]> => (await orm.repository(Author).find({ where, orderBy: { id: 'asc' } })).map((a) => a.name);
  /** Hand-written SQL over the same table: the names it selects, in id order. */
  const sql = async (condition: string): Promise<string[]> => {
    return rawRows<{ name: string }>(await orm.knex.raw(`SELECT a.name FROM authors a WHERE ${condition} ORDER BY a.id`)).map((r) => r.name);
  };
  /** A case-sensitive match by hand: LIKE on PostgreSQL, LIKE under a binary collation on MariaDB, GLOB on SQLite. */
  const caseSensitive = (pattern: string, glob: string, column = 'a.name'): string =>
    dialect === 'postgres' ? `${column} LIKE '${pattern}'` : dialect === 'mysql' ? `${column} COLLATE utf8mb4_bin LIKE '${pattern}'` : `${column} GLOB '${glob}'`;

  it.each([
    ['like is case-sensitive on both engines', { name: { like: 'A%' } }, caseSensitive('A%', 'A*')],
    ['ilike ignores ASCII case', { name: { ilike: 'ann%' } }, dialect === 'postgres' ? "a.name ILIKE 'ann%'" : "a.name LIKE 'ann%'"],
    ['startsWith takes % literally', { name: { startsWith: 'a%' } }, caseSensitive('a\\%%', 'a%*')],
    ['contains takes _ literally', { name: { contains: '_' } }, caseSensitive('%\\_%', '*_*')],
    ['endsWith', { name: { endsWith: 'b' } }, caseSensitive('%b', '*b')],
    ['mode insensitive', { name: { contains: 'NN', mode: 'insensitive' } }, dialect === 'postgres' ? "a.name ILIKE '%NN%'" : "a.name LIKE '%NN%'"],
    ['like with an escaped wildcard', { name: { like: 'a\\_b' } }, "a.name = 'a_b'"],
    ['not', { not: { kind: 'admin' } }, "NOT (a.kind = 'admin')"],
    ['not excludes NULL as SQL does', { not: { age: { gt: 30 } } }, 'NOT (a.age > 30)'],
    ['some', { posts: { some: { title: { contains: 'orm' } } } }, `EXISTS (SELECT 1 FROM posts p WHERE p.author_id = a.id AND ${caseSensitive('%orm%', '*orm*', 'p.title')})`],
    ['none', { posts: { none: { likes: { gt: 2 } } } }, 'NOT EXISTS (SELECT 1 FROM posts p WHERE p.author_id = a.id AND p.likes > 2)'],
    ['every, which rows without posts pass', { posts: { every: { likes: { gt: 0 } } } }, 'NOT EXISTS (SELECT 1 FROM posts p WHERE p.author_id = a.id AND NOT (p.likes > 0))'],
    ['some, nested two deep', { posts: { some: { comments: { some: { body: 'great' } } } } }, "EXISTS (SELECT 1 FROM posts p JOIN comments c ON c.post_id = p.id WHERE p.author_id = a.id AND c.body = 'great')"],
    ['some through a junction', { tags: { some: { name: 'red' } } }, "EXISTS (SELECT 1 FROM author_tags j JOIN tags t ON t.id = j.tag_id WHERE j.author_id = a.id AND t.name = 'red')"],
    ['is on a has-one', { profile: { is: { bio: 'writes' } } }, "EXISTS (SELECT 1 FROM profiles p WHERE p.author_id = a.id AND p.bio = 'writes')"],
    ['is null on a has-one', { profile: { is: null } }, 'NOT EXISTS (SELECT 1 FROM profiles p WHERE p.author_id = a.id)'],
    ['isNot null on a has-one', { profile: { isNot: null } }, 'EXISTS (SELECT 1 FROM profiles p WHERE p.author_id = a.id)'],
    ['a json path to a string', { prefs: { path: ['theme'], equals: 'dark' } }, `a.id = ${0}`],
    ['a json path to a number, not to its text', { prefs: { path: ['n'], equals: 5 } }, `a.id = ${0}`],
    ['a json path to true, not to 1', { prefs: { path: ['flag'], equals: true } }, `a.id = ${0}`],
    ['a json path into an array', { prefs: { path: ['nested', 'a', 1], equals: 2 } }, `a.id = ${0}`],
  ] as [string, Where<Author>, string][])('%s', async (_what, where, condition) => {
    const expected = await sql(condition.replace('a.id = 0', `a.id = ${ids.Ann}`));
    expect(await names(where)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });

  it('ilike folds non-ASCII letters on PostgreSQL and MariaDB, and only ASCII ones on SQLite (documented)', async () => {
    expect(await names({ name: { ilike: 'émile' } })).toEqual(dialect === 'sqlite' ? ['émile'] : ['Émile', 'émile']);
  });

  it('filters a to-one relation from the other side, and across update and delete', async () => {
    const posts = orm.repository(Post);
    expect((await posts.find({ where: { author: { is: { kind: 'admin' } } }, orderBy: { id: 'asc' } })).map((p) => p.title)).toEqual(['orm tips', 'cooking', 'orm again']);
    // On MariaDB, = follows the column's collation (utf8mb4_general_ci by default): 'ann' equals 'Ann' (documented).
    expect((await posts.find({ where: { author: { isNot: { name: 'Ann' } } }, orderBy: { id: 'asc' } })).map((p) => p.title)).toEqual(dialect === 'mysql' ? ['orm again'] : ['ORM news', 'orm again']);
    await orm.transaction(async (tx) => {
      expect(await tx.repository(Author).delete({ posts: { none: {} }, tags: { none: {} } })).toBe(6);
      expect(await tx.repository(Post).update({ author: { is: { name: 'Bob' } } }, { likes: 100 })).toBe(1);
      throw new Error('roll back');
    }).catch((e: Error) => expect(e.message).toBe('roll back'));
    expect(await orm.repository(Author).count()).toBe(9);
  });

  it('keeps the rules for absent filters: an absent relation filter leaves nothing to update or delete by', async () => {
    await expect(orm.repository(Author).delete({ posts: { some: undefined } })).rejects.toThrow(/^delete on Author needs a where that selects rows/);
    await expect(orm.repository(Author).delete({ not: { name: undefined } })).rejects.toThrow(/^delete on Author needs a where that selects rows/);
    expect(await names({ posts: { some: { or: [] } } })).toEqual([]);
    expect((await names({ posts: { every: {} } })).length).toBe(9);
  });

  it.each([
    ['a relation filter that does not fit the relation', { posts: { is: {} } }, /^Unknown filter 'is' for the relation Author\.posts; use some, none, every\./],
    ['null for a to-many filter', { posts: { some: null } }, /^some for Author\.posts takes a condition on Post, not null\./],
    ['like on a number', { age: { like: '1%' } }, /^like for Author\.age: like applies to text columns, and age is integer\./],
    ['a json path on a text column', { name: { path: ['x'], equals: 1 } }, /^path and equals apply to json columns; Author\.name is string\./],
    ['a json path to an object', { prefs: { path: ['nested'], equals: { a: 1 } } }, /^equals for Author\.prefs at path \["nested"\] takes a string, number, boolean or null/],
    ['a mode that is not one', { name: { contains: 'a', mode: 'ci' } }, /^mode for Author\.name is 'insensitive' or 'default'/],
    ['mode beside an operator it does not apply to', { name: { eq: 'ann', mode: 'insensitive' } },
      /^mode: 'insensitive' applies to like, ilike, startsWith, endsWith, contains; eq on Author\.name compares exactly\./],
    ['an unknown property inside a relation filter', { posts: { some: { titel: 'x' } } }, /^Post has no column property 'titel' \(in where\)/],
  ])('refuses %s', async (_what, where, message) => {
    const error = await orm.repository(Author).find({ where: where as never }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryError);
    expect((error as Error).message).toMatch(message);
  });
});
