import 'reflect-metadata';
import { ConfigError, defineConfig, type FindOptions, Orm, QueryError } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../../helpers/dialects';
import { Author, ENTITIES, Post } from './entities';

// Options a call does not take are refused before any statement runs. TypeScript refuses them at compile time;
// these are what plain JavaScript (or a value typed `any`) gets, where a misspelt `where` would read, count or
// change every row.

/** The call, with its options typed loosely, as a JavaScript caller writes them. */
const loose = (options: object): never => options as never;

describeEachDialect('options a call does not take', (db) => {
  let orm: Orm;
  let statements = 0;
  const authors = () => orm.repository(Author);
  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: ENTITIES, onQuery: () => statements++ });
  });
  beforeEach(async () => {
    await reset_db(orm);
    const ann = await authors().insert({ name: 'Ann', email: 'ann@x.io' });
    await authors().insert({ name: 'Bob', email: 'bob@x.io' });
    await orm.repository(Post).insert({ title: 'Hello', authorId: ann.id });
    statements = 0;
  });
  afterAll(() => orm?.close());

  it('refuses a misspelt read option, naming it and the options there are, and runs nothing', async () => {
    await expect(authors().find(loose({ wher: { name: 'Ann' } }))).rejects.toThrow(
      /^find on Author has no option 'wher'; its options are where, select, orderBy, offset, include, distinct, count, withDeleted, primary, limit, lock, skipLocked, noWait\.$/,
    );
    await expect(authors().findAndCount(loose({ limt: 1 }))).rejects.toThrow(/^findAndCount on Author has no option 'limt'/);
    await expect(authors().findAndCount(loose({ lock: 'update' }))).rejects.toThrow(/^findAndCount on Author has no option 'lock'; its options are where, select, orderBy, offset, include, distinct, count, withDeleted, primary, limit\.$/);
    await expect(authors().findById(1, loose({ includes: { posts: true } }))).rejects.toThrow(/^findById on Author has no option 'includes'; its options are include, withDeleted, primary\.$/);
    await expect(authors().find(loose({ include: { posts: { wher: { title: 'x' } } } }))).rejects.toThrow(
      /^include\.posts of Author has no option 'wher'; its options are where, orderBy, limit, offset, include\.$/,
    );
    await expect(authors().find(loose({ orderBy: { id: 'asc' }, limit: 1, ofset: 1 }))).rejects.toThrow(QueryError);
    expect(() => authors().stream(loose({ batch: 10 }))).toThrow(/^stream on Author has no option 'batch'/);
    await expect(authors().find(loose(['where']))).rejects.toThrow(/^find on Author takes an object of options\.$/);
    expect(statements).toBe(0);
  });

  it('says to put a property given beside where into where', async () => {
    await expect(authors().findOne(loose({ email: 'bob@x.io' }))).rejects.toThrow(
      /^findOne on Author has no option 'email'; .* To choose rows by Author\.email, put it in where: \{ where: \{ email: … \} \}\.$/,
    );
    await expect(authors().count(loose({ name: 'Ann' }))).rejects.toThrow(/^count on Author has no option 'name'; its options are where, withDeleted, primary\. To choose rows by Author\.name/);
    await expect(authors().find(loose({ include: { posts: { title: 'Hello' } } }))).rejects.toThrow(/^include\.posts of Author has no option 'title'; .* To choose rows by Post\.title, put it in where/);
    expect(statements).toBe(0);
  });

  it('lets one options object serve several reads, each leaving unread how the rows come where it has no use for it', async () => {
    // TypeScript takes an object that is not a literal with more keys than a call's options, as TypeORM's count
    // takes a find's paging: the page and its total from one object.
    const page: FindOptions<Author> = { where: { name: { in: ['Ann', 'Bob'] } }, orderBy: { name: 'desc' }, limit: 1, offset: 0 };
    expect((await authors().find(page)).map((a) => a.name)).toEqual(['Bob']);
    expect(await authors().count(page)).toBe(2);
    expect((await authors().findOne(page))?.name).toBe('Bob');
    const [rows, total] = await authors().findAndCount(page);
    expect([rows.map((a) => a.name), total]).toEqual([['Bob'], 2]);
    // A key given no value is no option given.
    expect(await authors().count(loose({ where: { name: 'Ann' }, wher: undefined }))).toBe(1);
    const streamed: string[] = [];
    for await (const author of authors().stream(loose({ orderBy: { id: 'asc' }, limit: undefined }))) streamed.push(author.name);
    expect(streamed).toEqual(['Ann', 'Bob']);
    // A key no read takes is still refused, and so is one that chooses or locks rows where the read cannot apply it.
    statements = 0;
    await expect(authors().count(loose({ ...page, wher: { name: 'Ann' } }))).rejects.toThrow(/^count on Author has no option 'wher'; its options are where, withDeleted, primary\.$/);
    await expect(authors().count(loose({ distinct: ['name'] }))).rejects.toThrow(/^count on Author has no option 'distinct'/);
    await expect(authors().findById(1, loose({ where: { name: 'Bob' } }))).rejects.toThrow(/^findById on Author has no option 'where'; its options are include, withDeleted, primary\.$/);
    await expect(authors().findById(1, loose({ lock: 'update' }))).rejects.toThrow(/^findById on Author has no option 'lock'/);
    // An inherited key counts as given.
    await expect(authors().count(Object.create({ wher: { name: 'Ann' } }) as never)).rejects.toThrow(/^count on Author has no option 'wher'/);
    expect(statements).toBe(0);
  });

  it('refuses a misspelt write option and changes nothing', async () => {
    await expect(authors().update({ name: 'Ann' }, { age: 30 }, loose({ returns: true }))).rejects.toThrow(/^update on Author has no option 'returns'; its options are returning\.$/);
    await expect(authors().delete({ name: 'Ann' }, loose({ force: true }))).rejects.toThrow(/^delete on Author has no option 'force'; its options are returning, hard\.$/);
    await expect(authors().insertMany([{ name: 'Cy', email: 'cy@x.io' }], loose({ returning: true, batchSize: 10 }))).rejects.toThrow(/^insertMany on Author has no option 'batchSize'/);
    await expect(authors().upsert({ name: 'Ann', email: 'ann@x.io' }, loose({ onconflict: ['email'] }))).rejects.toThrow(
      /^upsert on Author has no option 'onconflict'; its options are onConflict, update, returning\.$/,
    );
    await expect(authors().upsert({ name: 'Ann', email: 'ann@x.io' }, loose(['email']))).rejects.toThrow(/^upsert on Author needs onConflict: /);
    expect(statements).toBe(0);
    expect((await authors().find({ orderBy: { id: 'asc' } })).map((a) => [a.name, a.age])).toEqual([['Ann', null], ['Bob', null]]);
  });

  it('refuses a misspelt transaction option before the transaction begins', async () => {
    let ran = false;
    await expect(orm.transaction(async () => { ran = true; }, loose({ isolationLevel: 'serializable' }))).rejects.toThrow(
      /^orm\.transaction has no option 'isolationLevel'; its options are isolation, retries\.$/,
    );
    expect([ran, statements]).toEqual([false, 0]);
  });

  it('refuses a misspelt reset_db option, which would otherwise let the production guard stand', async () => {
    await expect(reset_db(orm, loose({ forse: true }))).rejects.toThrow(/^resetDb has no option 'forse'; its options are force, env\.$/);
    expect(await authors().count()).toBe(2);
  });

  it('refuses a misspelt Orm.connect option, which would otherwise connect to the default database', async () => {
    const error = await Orm.connect(loose({ uri: db().url, entities: ENTITIES })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe("Orm.connect has no option 'uri'; its options are url, driver, client, connection, pool, schema, debug, connectTimeoutMs, entities, replicas, onQuery.");
  });

  it('takes the object of a config file, leaving unread what only the CLI uses', async () => {
    const config = defineConfig({ url: db().url, directUrl: db().url, entities: ENTITIES, migrations: { dir: 'migrations' } });
    const other = await Orm.connect(loose(config));
    try {
      expect(await other.repository(Author).count()).toBe(2);
    } finally {
      await other.close();
    }
  });
});
