import 'reflect-metadata';
import { BelongsTo, Column, Defaults, type Include, type InsertValues, type Json, type OrderBy, PrimaryKey, type Repository, Table, type Values, type Where } from 'strata-orm';
import { Author, Post } from '../integration/runtime/entities';

// Type-level tests, compiled by test/unit/types.test.ts (and `npm run typecheck`): each @ts-expect-error fails the
// compilation if the error it expects is gone, and every other line must compile.

export function acceptsThePropertiesAndOperatorsOfTheEntity(): unknown[] {
  {
    const where: Where<Author> = { age: { gte: 18, lt: 65 }, kind: 'member', email: { like: '%@x.io' }, or: [{ big: 5n }, { seenAt: { lt: new Date() } }] };
    const order: OrderBy<Author> = [{ name: 'asc' }, { createdAt: 'desc' }];
    const include: Include<Author> = { posts: { where: { likes: { gt: 1 } }, include: { comments: true } }, tags: true, profile: true };
    const values: Values<Post> = { title: 't', authorId: 1 };
    const filters: Where<Author> = {
      not: { kind: 'admin' }, name: { ilike: 'a%', startsWith: 'A', mode: 'insensitive' },
      posts: { some: { title: { contains: 'orm' }, comments: { none: { body: 'x' } } }, every: { likes: { gt: 0 } } },
      profile: { is: null, isNot: { bio: 'x' } }, tags: { some: { name: 'red' } }, prefs: { path: ['theme'], equals: 'dark' },
    };
    const toOne: Where<Post> = { author: { is: { active: true } } };
    return [where, order, include, values, filters, toOne];
  }
}

export function rejectsPropertiesOperatorsAndRelationsThatAreNotThere(): unknown[] {
  {
    // @ts-expect-error: emial is not a property of Author
    const badWhere: Where<Author> = { emial: 'x' };
    // @ts-expect-error: like is for strings only
    const badOperator: Where<Author> = { age: { like: "1%" } };
    // @ts-expect-error: 'up' is not a direction
    const badOrder: OrderBy<Author> = { name: 'up' };
    // @ts-expect-error: pots is not a relation of Author
    const badInclude: Include<Author> = { pots: true };
    // @ts-expect-error: a nested include is checked against the related entity
    const badNested: Include<Author> = { posts: { include: { tags: true } } };
    // @ts-expect-error: posts is a relation, not a column to filter on
    const relationInWhere: Where<Author> = { posts: [] };
    // @ts-expect-error: the value must have the column's type
    const badValue: Values<Post> = { title: 5 };
    // @ts-expect-error: a to-many relation is filtered with some, none or every
    const badToMany: Where<Author> = { posts: { is: {} } };
    // @ts-expect-error: a relation filter is checked against the related entity
    const badRelated: Where<Author> = { posts: { some: { titel: 'x' } } };
    // @ts-expect-error: contains is for strings only
    const badContains: Where<Author> = { age: { contains: '1' } };
    return [badWhere, badOperator, badOrder, badInclude, badNested, relationInWhere, badValue, badToMany, badRelated, badContains];
  }
}

/** The types of what find returns. */
export async function resultTypes(users: Repository<Author>): Promise<unknown[]> {
  const picked = await users.find({ select: ['id', 'email'] });
  const id: number = picked[0]!.id;
  const greeting: string = picked[0]!.greeting();
  // @ts-expect-error: name was not selected
  const notSelected = picked[0]!.name;
  const loaded = await users.find({ include: { posts: { limit: 3, include: { comments: true } }, profile: true } });
  const postCount: number = loaded[0]!.posts.length;
  const commentCount: number = loaded[0]!.posts[0]!.comments.length;
  // Array methods see the loaded element type too, at every depth.
  const commentCounts: number[] = loaded[0]!.posts.map((p) => p.comments.length);
  loaded.forEach((u) => u.posts.forEach((p) => p.comments.map((c) => c.id)));
  const bio: string | undefined = loaded[0]!.profile?.bio;
  // @ts-expect-error: tags were not included, so they stay optional
  const tagCount: number = loaded[0]!.tags.length;
  for await (const streamed of users.stream({ include: { posts: { include: { comments: true } } } })) {
    const streamedComments: number = streamed.posts[0]!.comments.length;
    // @ts-expect-error: tags were not included in the stream, so they stay optional
    const streamedTags: number = streamed.tags.length;
  }
  // @ts-expect-error: pots is not a relation of Author, in a stream's include either
  users.stream({ include: { pots: true } });
  const one = await users.findOne({ select: ['name'], include: { posts: true } });
  const onePosts: number | undefined = one?.posts.length;
  const byId = await users.findById(1, { include: { tags: true } });
  await users.find({ where: { age: null, prefs: null, seenAt: { isNull: false } } });
  // @ts-expect-error: email is never null: a where on null would match nothing
  await users.find({ where: { email: null } });
  // @ts-expect-error: nor with eq
  await users.find({ where: { email: { eq: null } } });
  await users.find({ where: { age: { ne: null } } });
  const tags: number | undefined = byId?.tags.length;
  // @ts-expect-error: pots is not a relation of Author
  await users.find({ include: { posts: true, pots: true } });
  // @ts-expect-error: titel is not a property of Post, inside an include
  await users.find({ include: { posts: { where: { titel: 'x' } } } });
  // @ts-expect-error: profile is one row at most: its include takes no limit
  await users.find({ include: { profile: { limit: 1 } } });
  // @ts-expect-error: nor an offset, at any depth
  await users.find({ include: { posts: { include: { author: { offset: 1 } } } } });
  const toOne = await users.find({ include: { profile: { where: { bio: 'x' } }, posts: { limit: 2, offset: 1, include: { author: { include: { profile: true } } } } } });
  // @ts-expect-error: nmae is not a property of Author
  await users.find({ select: ['nmae'] });
  return [id, greeting, notSelected, postCount, commentCount, bio, tagCount, onePosts, tags, toOne];
}

interface Settings { theme: 'light' | 'dark'; sizes: number[] }

@Table('notes')
class Note {
  declare [Defaults]?: 'id' | 'pinned';
  @PrimaryKey() id!: number;
  @Column({ type: 'text' }) body!: string;
  @Column({ default: false }) pinned!: boolean;
  @Column({ type: 'json' }) settings!: Json<Settings>;
  @Column({ type: 'json', nullable: true }) history!: Json<Settings[]> | null;
  @BelongsTo(() => Author) author?: Author;
}

/** What insert requires: every non-nullable column not named in [Defaults]; a @BelongsTo may set its foreign key. */
export async function insertTypes(authors: Repository<Author>, posts: Repository<Post>, notes: Repository<Note>, ann: Author): Promise<unknown[]> {
  const author = await authors.insert({ name: 'Ann', email: 'ann@x.io' });
  const post = await posts.insert({ title: 't', authorId: author.id });
  const byRelation = await posts.insert({ title: 't', author: ann });
  const byKey: InsertValues<Note> = { body: 'b', settings: { theme: 'dark', sizes: [1] }, author: { id: 1 }, history: null };
  const theme: 'light' | 'dark' = (await notes.insert(byKey)).settings.theme;
  const filtered: Where<Note> = { settings: { path: ['theme'], equals: 'dark' }, author: { is: { name: 'Ann' } } };
  const update: Values<Note> = { settings: { theme: 'light', sizes: [] } };
  // @ts-expect-error: email is required (not nullable, no default)
  await authors.insert({ name: 'Ann' });
  // @ts-expect-error: a Note without [Defaults] for settings must give it
  await notes.insert({ body: 'b' });
  // @ts-expect-error: every row of insertMany is checked
  await authors.insertMany([{ name: 'A', email: 'a' }, { name: 'B' }]);
  // @ts-expect-error: the relation must be an Author-like object
  await notes.insert({ body: 'b', settings: { theme: 'dark', sizes: [] }, author: 5 });
  // @ts-expect-error: a json interface is a column, checked against its type
  await notes.insert({ body: 'b', settings: { theme: 'blue', sizes: [] } });
  // @ts-expect-error: a to-many relation is not a value for insert
  await authors.insert({ name: 'A', email: 'a', posts: [] });
  // @ts-expect-error: a json column is a column, not a relation to include
  await notes.find({ include: { settings: true } });
  return [post, byRelation, theme, filtered, update];
}

export async function foreignKeyOrRelation(posts: Repository<Post>, ann: Author): Promise<void> {
  await posts.insert({ title: 't', author: { id: 1 } });
  // @ts-expect-error: authorId or author must be given
  await posts.insert({ title: 't' });
  // @ts-expect-error: not both
  await posts.insert({ title: 't', authorId: 1, author: ann });
}

/** aggregate and groupBy: which properties each aggregate takes, and the type of each result. */
export async function aggregateTypes(users: Repository<Author>): Promise<unknown[]> {
  const totals = await users.aggregate({ count: true, sum: ['age', 'balance', 'big', 'rating'], avg: ['age', 'balance'], min: ['createdAt', 'name'], max: ['kind'] });
  const count: number = totals.count;
  const sumAge: number | null = totals.sum.age;
  const sumBalance: string | null = totals.sum.balance;
  const sumBig: bigint | null = totals.sum.big;
  const avgBalance: string | null = totals.avg.balance;
  const first: Date | null = totals.min.createdAt;
  const kind: 'admin' | 'member' | null = totals.max.kind;
  // @ts-expect-error: a sum of an integer column is a number, not a string
  const wrongSum: string | null = totals.sum.age;
  // @ts-expect-error: avg was not asked for rating
  const notAsked = totals.avg.rating;
  const onlyCount = await users.aggregate({ where: { active: true }, count: true });
  // @ts-expect-error: sum was not asked for at all
  const noSum = onlyCount.sum;
  // @ts-expect-error: name is a string column: it has no sum
  await users.aggregate({ sum: ['name'] });
  // @ts-expect-error: active is a boolean: it has no min
  await users.aggregate({ min: ['active'] });
  // @ts-expect-error: agee is not a property of Author
  await users.aggregate({ avg: ['agee'] });
  // @ts-expect-error: summ is not an option
  await users.aggregate({ count: true, summ: ['age'] });

  const groups = await users.groupBy({ by: ['kind', 'age'], count: true, sum: ['balance'], having: { count: { gt: 1 }, sum: { balance: { gte: '10.00' }, big: { lt: 5n } }, max: { createdAt: { gt: new Date() } } }, orderBy: [{ count: 'desc' }, { kind: 'asc' }, { avg: { rating: 'asc' } }], limit: 10 });
  const groupKind: 'admin' | 'member' = groups[0]!.kind;
  const groupAge: number | null = groups[0]!.age;
  const groupCount: number = groups[0]!.count;
  const groupSum: string | null = groups[0]!.sum.balance;
  // @ts-expect-error: name is not a by property, so it is not in the groups
  const groupName = groups[0]!.name;
  // @ts-expect-error: nmae is not a property of Author
  await users.groupBy({ by: ['nmae'] });
  // @ts-expect-error: groups are sorted by by properties and aggregates only
  await users.groupBy({ by: ['kind'], orderBy: { name: 'asc' } });
  // @ts-expect-error: a count is compared with a number
  await users.groupBy({ by: ['kind'], having: { count: { gt: 'five' } } });
  // @ts-expect-error: name has no sum, in having either
  await users.groupBy({ by: ['kind'], having: { sum: { name: { gt: 1 } } } });
  return [count, sumAge, sumBalance, sumBig, avgBalance, first, kind, wrongSum, notAsked, noSum, groupKind, groupAge, groupCount, groupSum, groupName];
}

/** distinct, relation counts and findAndCount. */
export async function distinctAndCountTypes(users: Repository<Author>): Promise<unknown[]> {
  const kinds = await users.find({ distinct: ['kind'], orderBy: { kind: 'asc' } });
  // @ts-expect-error: knid is not a property of Author
  await users.find({ distinct: ['knid'] });
  const counted = await users.find({ include: { posts: true }, count: { posts: true, tags: { where: { name: 'red' } } } });
  const posts: number = counted[0]!._count.posts;
  const tags: number = counted[0]!._count.tags;
  const loaded: number = counted[0]!.posts.length;
  const plain = await users.find({});
  // @ts-expect-error: nothing was counted
  const none = plain[0]!._count;
  // @ts-expect-error: profile is one row at most: it is not counted
  await users.find({ count: { profile: true } });
  // @ts-expect-error: a count's where is checked against the related entity
  await users.find({ count: { posts: { where: { titel: 'x' } } } });
  const [page, total] = await users.findAndCount({ where: { active: true }, limit: 20, count: { posts: true } });
  const pageCounts: number = page[0]!._count.posts;
  const totalCount: number = total;
  const one = await users.findOne({ count: { posts: true } });
  const oneCount: number | undefined = one?._count.posts;
  return [kinds, posts, tags, loaded, none, pageCounts, totalCount, oneCount];
}
