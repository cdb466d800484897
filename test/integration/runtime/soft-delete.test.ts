import 'reflect-metadata';
import { BelongsTo, Column, Defaults, DeletedAt, HasMany, Orm, PrimaryKey, QueryError, type Relation, Table } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../../helpers/dialects';

// Soft delete with @DeletedAt: delete sets it, reads leave such rows out (includes and relation filters too).

@Table('writers')
class Writer {
  declare [Defaults]?: 'id';
  @PrimaryKey() id!: number;
  @Column() name!: string;
  @DeletedAt() deletedAt!: Date | null;
  @HasMany(() => Article) articles?: Relation<Article[]>;
}

@Table('articles')
class Article {
  declare [Defaults]?: 'id';
  @PrimaryKey() id!: number;
  @Column() title!: string;
  @BelongsTo(() => Writer) writer?: Relation<Writer>;
  @Column() writerId!: number;
  @DeletedAt({ name: 'removed_at' }) removedAt!: Date | null;
}

@Table('plain_notes')
class PlainNote {
  declare [Defaults]?: 'id';
  @PrimaryKey() id!: number;
  @Column() text!: string;
}

describeEachDialect('soft delete', (db) => {
  let orm: Orm;
  const writers = () => orm.repository(Writer);
  const articles = () => orm.repository(Article);
  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: [Writer, Article, PlainNote] });
  });
  beforeEach(async () => {
    await reset_db(orm);
    const [ann, bob] = await writers().insertMany([{ name: 'Ann' }, { name: 'Bob' }], { returning: true });
    await articles().insertMany([{ title: 'kept', writerId: ann!.id }, { title: 'gone', writerId: ann!.id }, { title: 'bobs', writerId: bob!.id }]);
  });
  afterAll(() => orm?.close());

  it('leaves soft-deleted rows out of aggregates, groups, relation counts and findAndCount, unless withDeleted', async () => {
    await articles().delete({ title: 'gone' });
    expect((await articles().aggregate({ count: true })).count).toBe(2);
    expect((await articles().aggregate({ count: true, withDeleted: true })).count).toBe(3);
    expect((await articles().groupBy({ by: ['writerId'], count: true })).map((g) => g.count)).toEqual([1, 1]);
    expect((await articles().groupBy({ by: ['writerId'], count: true, withDeleted: true })).map((g) => g.count)).toEqual([2, 1]);
    const [page, total] = await articles().findAndCount({ limit: 1, orderBy: { id: 'asc' } });
    expect([page.map((a) => a.title), total]).toEqual([['kept'], 2]);
    expect((await articles().findAndCount({ withDeleted: true }))[1]).toBe(3);
    const counted = await writers().find({ count: { articles: true }, orderBy: { id: 'asc' } });
    expect(counted.map((w) => w._count.articles)).toEqual([1, 1]);
  });

  it('sets @DeletedAt on delete, and every read leaves the row out unless withDeleted', async () => {
    const before = Date.now() - 2000;
    expect(await articles().delete({ title: 'gone' })).toBe(1);
    expect(await articles().delete({ title: 'gone' })).toBe(0);
    expect((await articles().find({ orderBy: { id: 'asc' } })).map((a) => a.title)).toEqual(['kept', 'bobs']);
    expect(await articles().findOne({ where: { title: 'gone' } })).toBeNull();
    expect(await articles().findById(2)).toBeNull();
    expect(await articles().count()).toBe(2);
    const streamed: string[] = [];
    for await (const a of articles().stream({ batchSize: 1 })) streamed.push(a.title);
    expect(streamed).toEqual(['kept', 'bobs']);
    const streamedWithDeleted: string[] = [];
    for await (const a of articles().stream({ batchSize: 1, withDeleted: true, primary: true })) streamedWithDeleted.push(a.title);
    expect(streamedWithDeleted).toEqual(['kept', 'gone', 'bobs']);
    const gone = (await articles().findById(2, { withDeleted: true }))!;
    expect(gone.removedAt).toBeInstanceOf(Date);
    expect(gone.removedAt!.getTime()).toBeGreaterThan(before);
    expect(await articles().count({ withDeleted: true })).toBe(3);
    expect(await articles().find({ where: { title: 'gone' }, withDeleted: true })).toHaveLength(1);
    expect(Number((await orm.knex('articles').count({ n: '*' }))[0]!.n)).toBe(3);
  });

  it('resolves to the soft-deleted rows with returning, restores them, and removes rows for good with hard', async () => {
    const deleted = await articles().delete({ writerId: 1 }, { returning: true });
    expect(deleted.map((a) => [a.title, a.removedAt instanceof Date])).toEqual(expect.arrayContaining([['kept', true], ['gone', true]]));
    expect(await articles().restore({ title: 'kept' })).toBe(1);
    expect(await articles().restore({ title: 'kept' })).toBe(0);
    const [restored] = await articles().restore({ title: 'gone' }, { returning: true });
    expect([restored!.title, restored!.removedAt]).toEqual(['gone', null]);
    await articles().delete({ title: 'gone' });
    expect(await articles().delete({ title: { in: ['gone', 'kept'] } }, { hard: true })).toBe(2);
    expect(await articles().count({ withDeleted: true })).toBe(1);
  });

  it('leaves soft-deleted rows out of includes and relation filters', async () => {
    await articles().delete({ title: 'gone' });
    const ann = (await writers().findOne({ where: { name: 'Ann' }, include: { articles: true } }))!;
    expect(ann.articles.map((a) => a.title)).toEqual(['kept']);
    const names = async (where: object) => (await writers().find({ where, orderBy: { name: 'asc' } })).map((w) => w.name);
    expect(await names({ articles: { some: { title: 'gone' } } })).toEqual([]);
    expect(await names({ articles: { none: { title: 'gone' } } })).toEqual(['Ann', 'Bob']);
    expect(await names({ articles: { every: { title: 'kept' } } })).toEqual(['Ann']);
    await writers().delete({ name: 'Bob' });
    expect(await names({})).toEqual(['Ann']);
    expect((await articles().find({ where: { writer: { is: { name: 'Bob' } } } })).map((a) => a.title)).toEqual([]);
    expect((await articles().find({ where: { writer: { isNot: { name: 'Ann' } } } })).map((a) => a.title)).toEqual(['bobs']);
    const bobs = (await articles().findOne({ where: { title: 'bobs' }, include: { writer: true } }))!;
    expect(bobs.writer).toBeNull();
    // As the include says: the article whose writer is soft-deleted has none.
    const titles = async (where: object) => (await articles().find({ where, orderBy: { title: 'asc' } })).map((a) => a.title);
    expect(await titles({ writer: { is: null } })).toEqual(['bobs']);
    expect(await titles({ writer: { isNot: null } })).toEqual(['kept']);
  });

  it('refuses restore on an entity without @DeletedAt, and deletes its rows for good', async () => {
    await orm.repository(PlainNote).insert({ text: 'x' });
    await expect(orm.repository(PlainNote).restore({ id: 1 })).rejects.toThrow(QueryError);
    await expect(orm.repository(PlainNote).restore({ id: 1 })).rejects.toThrow(/^restore needs a @DeletedAt\(\) column on PlainNote, which has none/);
    expect(await orm.repository(PlainNote).delete({ id: 1 })).toBe(1);
    expect(await orm.repository(PlainNote).count({ withDeleted: true })).toBe(0);
  });
});
