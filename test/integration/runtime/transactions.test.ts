import { Orm, QueryError } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../../helpers/dialects';
import { Author, ENTITIES } from './entities';

describeEachDialect('transactions', (db, dialect) => {
  let orm: Orm;
  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: ENTITIES });
  });
  beforeEach(() => reset_db(orm));
  afterAll(() => orm?.close());
  /** A timestamp for raw knex inserts: ISO text (SQLite stores it as given), a Date on MariaDB, which refuses ISO text. */
  const now = (): Date | string => (dialect === 'mysql' ? new Date() : new Date().toISOString());
  const names = async (): Promise<string[]> => (await orm.repository(Author).find({ orderBy: { name: 'asc' } })).map((a) => a.name);

  it('commits when the callback returns, and passes its result through', async () => {
    const result = await orm.transaction(async (tx) => {
      await tx.repository(Author).insert({ name: 'Ann', email: 'ann@x.io' });
      return 'done';
    });
    expect(result).toBe('done');
    expect(await names()).toEqual(['Ann']);
  });

  it('rolls back when the callback throws, and rethrows', async () => {
    await expect(orm.transaction(async (tx) => {
      await tx.repository(Author).insert({ name: 'Ann', email: 'ann@x.io' });
      expect(await tx.repository(Author).count()).toBe(1);
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    expect(await names()).toEqual([]);
  });

  it('runs raw knex queries inside the same transaction', async () => {
    await expect(orm.transaction(async (tx) => {
      await tx.knex('authors').insert({ name: 'Raw', email: 'raw@x.io', created_at: now(), updated_at: now() });
      expect((await tx.repository(Author).findOne({ where: { name: 'Raw' } }))!.email).toBe('raw@x.io');
      throw new Error('undo');
    })).rejects.toThrow('undo');
    expect(await names()).toEqual([]);
  });

  it('nests as a savepoint: an inner failure undoes only the inner work', async () => {
    await orm.transaction(async (tx) => {
      await tx.repository(Author).insert({ name: 'Outer', email: 'outer@x.io' });
      await expect(tx.transaction(async (inner) => {
        await inner.repository(Author).insert({ name: 'Inner', email: 'inner@x.io' });
        throw new Error('inner fails');
      })).rejects.toThrow('inner fails');
      await tx.transaction(async (inner) => {
        await inner.repository(Author).insert({ name: 'Second', email: 'second@x.io' });
      });
    });
    expect(await names()).toEqual(['Outer', 'Second']);
  });

  it('rolls everything back when the outer callback throws after a nested commit', async () => {
    await expect(orm.transaction(async (tx) => {
      await tx.transaction((inner) => inner.repository(Author).insert({ name: 'Inner', email: 'inner@x.io' }));
      throw new Error('outer fails');
    })).rejects.toThrow('outer fails');
    expect(await names()).toEqual([]);
  });

  if (dialect === 'postgres') {
    it('keeps uncommitted work invisible outside, on PostgreSQL', async () => {
      await orm.transaction(async (tx) => {
        await tx.repository(Author).insert({ name: 'Hidden', email: 'hidden@x.io' });
        expect(await orm.repository(Author).count()).toBe(0);
      });
      expect(await orm.repository(Author).count()).toBe(1);
    });
  }

  if (dialect === 'sqlite') {
    it('explains, rather than hang, a query through orm inside the transaction that holds the only connection', async () => {
      const quick = await Orm.connect({ url: db().url, entities: ENTITIES });
      try {
        (quick.knex.client as { config: { acquireConnectionTimeout: number } }).config.acquireConnectionTimeout = 300;
        await expect(quick.transaction(async () => quick.repository(Author).count()))
          .rejects.toThrow(/Timed out waiting for SQLite's only connection, which an open transaction holds\..*use tx\.repository/);
      } finally {
        await quick.close();
      }
    });

    it('lets a query from another flow wait for the transaction, then run', async () => {
      let committed = false;
      const transaction = orm.transaction(async (tx) => {
        await tx.repository(Author).insert({ name: 'In', email: 'in@x.io' });
        await new Promise((r) => setTimeout(r, 30));
        committed = true;
      });
      await new Promise((r) => setTimeout(r, 5));
      const count = await orm.repository(Author).count();
      expect([committed, count]).toEqual([true, 1]);
      await transaction;
    });
  }

  it('runs raw knex queries of a nested transaction in its savepoint, and knex savepoints of its own', async () => {
    const stamp = (): Record<string, Date | string> => ({ created_at: now(), updated_at: now() });
    await orm.transaction(async (tx) => {
      await expect(tx.transaction(async (inner) => {
        await inner.knex('authors').insert({ name: 'Inner', email: 'inner@x.io', ...stamp() });
        throw new Error('inner fails');
      })).rejects.toThrow('inner fails');
      await tx.knex.transaction(async (trx) => {
        await trx('authors').insert({ name: 'Knex', email: 'knex@x.io', ...stamp() });
      });
      await expect(tx.knex.transaction(async (trx) => {
        await trx('authors').insert({ name: 'Undone', email: 'undone@x.io', ...stamp() });
        throw new Error('knex savepoint fails');
      })).rejects.toThrow('knex savepoint fails');
    });
    expect(await names()).toEqual(['Knex']);
  });

  it("runs tx.knex's savepoints in turn with tx.transaction's, inside the transaction, undone with it", async () => {
    const stamp = (): Record<string, Date | string> => ({ created_at: now(), updated_at: now() });
    const order: string[] = [];
    await expect(orm.transaction(async (tx) => {
      await Promise.all([
        expect(tx.knex.transaction(async (trx) => {
          order.push('knex begins');
          await trx('authors').insert({ name: 'Knex', email: 'knex@x.io', ...stamp() });
          await new Promise((resolve) => setTimeout(resolve, 20));
          order.push('knex ends');
          throw new Error('knex savepoint fails');
        })).rejects.toThrow('knex savepoint fails'),
        tx.transaction(async (inner) => {
          order.push('strata begins');
          await inner.repository(Author).insert({ name: 'Strata', email: 'strata@x.io' });
          order.push('strata ends');
        }),
      ]);
      expect((await tx.repository(Author).find()).map((a) => a.name)).toEqual(['Strata']);
      throw new Error('outer fails');
    })).rejects.toThrow('outer fails');
    expect(order).toEqual(['knex begins', 'knex ends', 'strata begins', 'strata ends']);
    // The savepoints were savepoints: the outer rollback undid what they kept.
    expect(await names()).toEqual([]);
  });

  it('says so when the database rolled back at COMMIT a transaction whose failed statement the callback caught', async () => {
    const attempt = orm.transaction(async (tx) => {
      await tx.repository(Author).insert({ name: 'Ann', email: 'ann@x.io' });
      await tx.repository(Author).insert({ name: 'Twin', email: 'ann@x.io' }).catch(() => undefined);
      return 'done';
    });
    if (dialect === 'postgres') {
      // PostgreSQL aborts the whole transaction at the failed statement: COMMIT rolls back, and is not reported as done.
      await expect(attempt).rejects.toThrow(/The transaction was rolled back, not committed: .*tx\.transaction/);
      expect(await names()).toEqual([]);
    } else {
      // SQLite undoes the failed statement alone.
      await expect(attempt).resolves.toBe('done');
      expect(await names()).toEqual(['Ann']);
    }
  });

  it('waits, before committing, for a nested transaction the callback did not wait for', async () => {
    let inner: Promise<unknown> | undefined;
    await orm.transaction(async (tx) => {
      inner = tx.transaction(async (t) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        await t.repository(Author).insert({ name: 'Late', email: 'late@x.io' });
      });
    });
    await inner;
    expect(await names()).toEqual(['Late']);
  });

  it('runs nested transactions begun together one after another', async () => {
    const order: string[] = [];
    await orm.transaction(async (tx) => {
      await Promise.all(['A', 'B', 'C'].map((name) => tx.transaction(async (inner) => {
        order.push(`${name} begins`);
        await inner.repository(Author).insert({ name, email: `${name}@x.io` });
        order.push(`${name} ends`);
        if (name === 'B') throw new Error('B fails');
      }).catch(() => undefined)));
    });
    expect(order).toEqual(['A begins', 'A ends', 'B begins', 'B ends', 'C begins', 'C ends']);
    expect(await names()).toEqual(['A', 'C']);
  });

  it("leaves commit and rollback to the callback, and refuses tx.knex's queries once the transaction has finished", async () => {
    const escaped = await orm.transaction(async (tx) => {
      await expect(tx.knex.commit()).rejects.toThrow(/return or throw instead of calling commit\(\) or rollback\(\)/);
      await expect(tx.knex.rollback()).rejects.toThrow(QueryError);
      expect(tx.knex.isCompleted()).toBe(false);
      await tx.repository(Author).insert({ name: 'Kept', email: 'kept@x.io' });
      return tx;
    });
    expect(await names()).toEqual(['Kept']);
    expect(escaped.knex.isCompleted()).toBe(true);
    await expect(escaped.knex('authors').count()).rejects.toThrow(/already committed or rolled back/);
  });

  it('refuses queries on a transaction that has finished', async () => {
    const escaped = await orm.transaction(async (tx) => tx);
    await expect(escaped.repository(Author).count()).rejects.toThrow(QueryError);
    await expect(escaped.repository(Author).count()).rejects.toThrow(/already committed or rolled back/);
    await expect(escaped.transaction(async () => 'never')).rejects.toThrow(/already committed or rolled back/);
  });
});
