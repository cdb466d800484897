import { Orm, QueryError, type Transaction, TransactionRetryError } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../../helpers/dialects';
import { Author, ENTITIES, Post, Tag } from './entities';

// orm.transaction's isolation levels and retries, with concurrent transactions on separate connections (Orms).

describeEachDialect('transaction options', (db, dialect) => {
  let orm: Orm;
  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: ENTITIES });
  });
  beforeEach(() => reset_db(orm));
  afterAll(() => orm?.close());
  /** An error the engine's driver reports for a serialization failure (PostgreSQL), a busy database (SQLite) or a deadlock (MariaDB). */
  const conflict = (): Error & { code: string } => Object.assign(new Error('could not serialize access'),
    dialect === 'mysql' ? { code: 'ER_LOCK_DEADLOCK', errno: 1213 } : { code: dialect === 'postgres' ? '40001' : 'SQLITE_BUSY' });

  /**
   * The level MariaDB runs `tx` at, seen from what it does (it reports none: information_schema.innodb_trx keeps
   * a connection's first level): a serializable read share-locks the rows it reads, so another connection's
   * NOWAIT lock on them fails; a repeatable read does not see a row committed by another since its first read.
   */
  const mysqlLevel = async (tx: Transaction): Promise<string> => {
    const tags = async (): Promise<number> => Number((await tx.sql<{ n: number }>`select count(*) as n from tags`)[0]!.n);
    const run = Math.random().toString(36).slice(2);
    await orm.repository(Tag).insert({ name: `first ${run}` });
    const before = await tags();
    const locked = await orm.sql`select id from tags for update nowait`.then(() => false, (e: unknown) => [1205, 4040, 3572].includes((e as { errno?: number }).errno ?? 0));
    if (locked) return 'serializable';
    await orm.repository(Tag).insert({ name: `second ${run}` });
    return (await tags()) === before ? 'repeatable read' : 'read committed';
  };

  it('runs at the isolation level asked for', async () => {
    for (const isolation of ['read committed', 'repeatable read', 'serializable'] as const) {
      const level = await orm.transaction(async (tx) => {
        await tx.repository(Author).insert({ name: 'Ann', email: `${isolation.replace(' ', '')}@x.io` });
        if (dialect === 'postgres') return (await tx.sql<{ level: string }>`select current_setting('transaction_isolation') as level`)[0]!.level;
        if (dialect === 'mysql') return mysqlLevel(tx);
        return 'serializable';
      }, { isolation });
      expect(level).toBe(dialect === 'sqlite' ? 'serializable' : isolation);
    }
    expect(await orm.repository(Author).count()).toBe(3);
  });

  it('runs the transaction again after a conflict, and gives up naming how many tries it took', async () => {
    let runs = 0;
    const result = await orm.transaction(async (tx) => {
      runs++;
      await tx.repository(Author).insert({ name: 'Ann', email: `ann${runs}@x.io` });
      if (runs < 3) throw conflict();
      return 'done';
    }, { retries: 3 });
    expect([result, runs]).toEqual(['done', 3]);
    // The failed tries rolled back.
    expect((await orm.repository(Author).find()).map((a) => a.email)).toEqual(['ann3@x.io']);

    runs = 0;
    const error = await orm.transaction(async () => {
      runs++;
      throw conflict();
    }, { retries: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionRetryError);
    expect((error as TransactionRetryError).attempts).toBe(3);
    expect((error as Error).message).toMatch(/^The transaction failed on each of its 3 tries with a serialization failure, deadlock or busy database; the last: could not serialize access/);
    expect((error as Error).cause).toMatchObject({ code: conflict().code });
    expect(runs).toBe(3);
  });

  it('does not retry other errors, nor any error without retries', async () => {
    let runs = 0;
    await expect(orm.transaction(async () => {
      runs++;
      throw new Error('bug');
    }, { retries: 3 })).rejects.toThrow('bug');
    await expect(orm.transaction(async () => {
      runs++;
      throw conflict();
    })).rejects.toThrow('could not serialize access');
    expect(runs).toBe(2);
  });

  it.each<[string, object, RegExp]>([
    ['an unknown isolation level', { isolation: 'snapshot' }, /^isolation is one of 'read committed', 'repeatable read', 'serializable'; got "snapshot"\.$/],
    ['negative retries', { retries: -1 }, /^retries is a whole number, 0 or more; got -1\.$/],
  ])('refuses %s before the transaction begins', async (_what, options, message) => {
    let ran = false;
    const error = await orm.transaction(async () => (ran = true), options as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryError);
    expect((error as Error).message).toMatch(message);
    expect(ran).toBe(false);
  });

  it('loses no update when two serializable transactions on separate connections read and then write the same row', async () => {
    const author = await orm.repository(Author).insert({ name: 'A', email: 'a@x.io' });
    const post = await orm.repository(Post).insert({ title: 'p', authorId: author.id });
    const others = await Promise.all([0, 1].map(() => Orm.connect({ url: db().url, entities: ENTITIES })));
    let runs = 0;
    // Both read before either writes: then one of them must fail (and be run again) for neither update to be lost.
    let arrived = 0;
    let release!: () => void;
    const bothRead = new Promise<void>((resolve) => (release = resolve));
    try {
      await Promise.all(others.map((other) => other.transaction(async (tx) => {
        runs++;
        const { likes } = (await tx.repository(Post).findById(post.id))!;
        if (++arrived === 2) release();
        await bothRead;
        await tx.repository(Post).update({ id: post.id }, { likes: likes + 1 });
      }, { isolation: 'serializable', retries: 5 })));
    } finally {
      await Promise.all(others.map((o) => o.close()));
    }
    expect((await orm.repository(Post).findById(post.id))!.likes).toBe(2);
    expect(runs).toBeGreaterThanOrEqual(3);
  });
});
