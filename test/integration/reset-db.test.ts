import 'reflect-metadata';
import { BelongsTo, Column, Orm, PrimaryKey, type Relation, Table, Unique } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { resetDatabase } from '../../src/runtime/reset-db';
import { readCatalog, readPostgresEnums } from '../helpers/catalog';
import { describeEachDialect, insertId } from '../helpers/dialects';

@Table('authors')
class Author {
  @PrimaryKey() id!: number;
  @Unique() @Column() email!: string;
  @Column({ enum: ['draft', 'live'], default: 'draft' }) status!: string;
}

@Table('books')
class Book {
  @PrimaryKey() id!: number;
  @Column() title!: string;
  @BelongsTo(() => Author, { onDelete: 'cascade' }) author?: Author;
}

@Table('reviews')
class Review {
  @PrimaryKey() id!: number;
  @BelongsTo(() => Book) book?: Book;
}

@Table('left_side')
class Left {
  @PrimaryKey() id!: number;
  @BelongsTo(() => Right, { nullable: true }) right?: Relation<Right>;
}

@Table('right_side')
class Right {
  @PrimaryKey() id!: number;
  @BelongsTo(() => Left, { nullable: true }) left?: Left;
}

@Table('readers')
class Reader {
  @PrimaryKey() id!: number;
  @Column() name!: string;
}

describeEachDialect('reset_db', (db) => {
  let orm: Orm;
  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: [Author, Book] });
  });
  afterAll(() => orm?.close());

  const tables = async (): Promise<string[]> => Object.keys(await readCatalog(orm.knex, db().dialect)).sort();
  const count = async (table: string): Promise<number> => Number(((await orm.knex(table).count({ n: '*' })) as { n: number | string }[])[0]!.n);
  const seed = async (): Promise<void> => {
    await orm.knex('books').insert({ title: 'T', author_id: await insertId(orm.knex, 'authors', { email: 'a@x.io' }) });
  };

  it('creates the entity tables in an empty database', async () => {
    await reset_db(orm);
    expect(await tables()).toEqual(['authors', 'books']);
  });

  it('removes stray tables and every row, leaving the entity tables empty', async () => {
    await seed();
    await orm.knex.schema.createTable('stray', (t) => t.integer('x'));
    await orm.knex('stray').insert({ x: 1 });
    await orm.knex.schema.createTable('strata_migrations', (t) => t.string('name'));
    if (db().dialect === 'postgres') await orm.knex.raw(`CREATE TYPE leftover AS ENUM ('a')`);
    await reset_db(orm);
    expect(await tables()).toEqual(['authors', 'books']);
    expect([await count('authors'), await count('books')]).toEqual([0, 0]);
    if (db().dialect === 'postgres') expect(Object.keys(await readPostgresEnums(orm.knex))).toEqual(['authors_status_enum']);
  });

  it('truncates when the schema is already in place, twice in a row, restarting ids', async () => {
    await reset_db(orm);
    await seed();
    expect(await resetDatabase(orm.knex, orm.dialect, orm.schema)).toBe('truncated');
    await seed();
    expect(await resetDatabase(orm.knex, orm.dialect, orm.schema)).toBe('truncated');
    expect([await count('authors'), await count('books')]).toEqual([0, 0]);
    expect(await insertId(orm.knex, 'authors', { email: 'b@x.io' })).toBe(1);
  });

  it('rebuilds tables that have an older shape', async () => {
    await reset_db(orm);
    await orm.knex.schema.dropTable('books');
    await orm.knex.schema.createTable('books', (t) => {
      t.increments('id');
      t.string('name');
    });
    await orm.knex('books').insert({ name: 'old shape' });
    expect(await resetDatabase(orm.knex, orm.dialect, orm.schema)).toBe('rebuilt');
    const catalog = await readCatalog(orm.knex, db().dialect);
    expect(Object.keys(catalog.books!.columns)).toEqual(['id', 'title', 'author_id']);
    expect(catalog.books!.foreignKeys).toHaveLength(1);
    expect(await count('books')).toBe(0);
    expect(await resetDatabase(orm.knex, orm.dialect, orm.schema)).toBe('truncated');
  });

  it('follows a change of the entity set', async () => {
    const other = await Orm.connect({ url: db().url, entities: [Reader] });
    try {
      await other.resetDb();
      expect(await tables()).toEqual(['readers']);
      await other.knex('readers').insert({ name: 'R' });
      await orm.resetDb();
      expect(await tables()).toEqual(['authors', 'books']);
      await other.resetDb();
      expect(await tables()).toEqual(['readers']);
      expect(await count('readers')).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('leaves foreign keys enforced afterwards', async () => {
    await reset_db(orm);
    await expect(orm.knex('books').insert({ title: 'Orphan', author_id: 42 })).rejects.toThrow(/foreign key/i);
  });

  it('empties tables whose foreign keys do not cascade, children first', async () => {
    const withReviews = await Orm.connect({ url: db().url, entities: [Author, Book, Review] });
    try {
      await withReviews.resetDb();
      const author = await insertId(withReviews.knex, 'authors', { email: 'r@x.io' });
      await withReviews.knex('reviews').insert({ book_id: await insertId(withReviews.knex, 'books', { title: 'T', author_id: author }) });
      expect(await resetDatabase(withReviews.knex, withReviews.dialect, withReviews.schema)).toBe('truncated');
      expect(await count('reviews')).toBe(0);
      expect(await count('books')).toBe(0);
    } finally {
      await withReviews.close();
    }
  });

  it('empties tables that reference each other in a cycle', async () => {
    const cyclic = await Orm.connect({ url: db().url, entities: [Left, Right] });
    try {
      await cyclic.resetDb();
      await cyclic.knex('left_side').insert({ id: 1 });
      await cyclic.knex('right_side').insert({ id: 1, left_id: 1 });
      await cyclic.knex('left_side').update({ right_id: 1 });
      expect(await resetDatabase(cyclic.knex, cyclic.dialect, cyclic.schema)).toBe('truncated');
      expect([await count('left_side'), await count('right_side')]).toEqual([0, 0]);
    } finally {
      await cyclic.close();
    }
  });
});
