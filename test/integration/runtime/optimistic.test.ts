import 'reflect-metadata';
import { Column, Defaults, Orm, PrimaryKey, QueryError, StaleEntityError, Table, Unique, Version } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../../helpers/dialects';

// Optimistic locking with @Version: every update adds 1, updateVersioned updates only the version it read.

@Table('accounts')
class Account {
  declare [Defaults]?: 'id' | 'balance' | 'version';
  @PrimaryKey() id!: number;
  @Unique() @Column() owner!: string;
  @Column({ type: 'decimal', precision: 12, scale: 2, default: '0' }) balance!: string;
  @Version() version!: number;
}

@Table('notes')
class Note {
  declare [Defaults]?: 'id';
  @PrimaryKey() id!: number;
  @Column() text!: string;
}

describeEachDialect('optimistic locking', (db) => {
  let orm: Orm;
  const accounts = () => orm.repository(Account);
  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: [Account, Note] });
  });
  beforeEach(() => reset_db(orm));
  afterAll(() => orm?.close());

  it('starts at version 1, and adds 1 on every update, upsert included', async () => {
    const a = await accounts().insert({ owner: 'ann' });
    expect(a.version).toBe(1);
    await accounts().update({ id: a.id }, { balance: '5.00' });
    expect((await accounts().findById(a.id))!.version).toBe(2);
    await accounts().upsert({ owner: 'ann', balance: '6.00' }, { onConflict: ['owner'] });
    expect((await accounts().findById(a.id))!.version).toBe(3);
    const fresh = await accounts().updateVersioned((await accounts().findById(a.id))!, { balance: '7.00' });
    expect([fresh.balance, fresh.version]).toEqual(['7.00', 4]);
  });

  it('refuses the update of an entity another writer changed since it was read, losing nothing', async () => {
    const { id } = await accounts().insert({ owner: 'ann', balance: '10.00' });
    const mine = (await accounts().findById(id))!;
    const theirs = (await accounts().findById(id))!;
    await accounts().updateVersioned(theirs, { balance: '20.00' });
    const error = await accounts().updateVersioned(mine, { balance: '15.00' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StaleEntityError);
    expect(error).toMatchObject({ entity: 'Account', key: { id }, expectedVersion: 1, actualVersion: 2 });
    expect((error as Error).message).toBe(`Account {"id":${id}} was changed by another writer (it has version 2) after it was read at version 1, so the update was not made. Read it again, and apply the change to what is there now.`);
    expect(mine.version).toBe(1);
    expect((await accounts().findById(id))!.balance).toBe('20.00');
  });

  it('lets exactly one of two concurrent writers on separate connections win', async () => {
    const { id } = await accounts().insert({ owner: 'ann', balance: '10.00' });
    const writers = await Promise.all([0, 1].map(() => Orm.connect({ url: db().url, entities: [Account, Note] })));
    try {
      const read = await Promise.all(writers.map((w) => w.repository(Account).findById(id)));
      const results = await Promise.allSettled(writers.map((w, i) => w.repository(Account).updateVersioned(read[i]!, { balance: i === 0 ? '11.00' : '12.00' })));
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const winner = results.findIndex((r) => r.status === 'fulfilled');
      expect((results[1 - winner] as PromiseRejectedResult).reason).toBeInstanceOf(StaleEntityError);
      const row = (await accounts().findById(id))!;
      expect([row.balance, row.version]).toEqual([winner === 0 ? '11.00' : '12.00', 2]);
    } finally {
      await Promise.all(writers.map((w) => w.close()));
    }
  });

  it('says the row is gone when another writer deleted it', async () => {
    const a = await accounts().insert({ owner: 'ann' });
    await accounts().delete({ id: a.id });
    await expect(accounts().updateVersioned(a, { balance: '1.00' })).rejects.toMatchObject({ name: 'StaleEntityError', actualVersion: null, message: expect.stringMatching(/^Account \{"id":\d+\} was deleted after it was read at version 1/) });
  });

  it.each<[string, () => Promise<unknown>, RegExp]>([
    ['an entity without @Version', () => orm.repository(Note).updateVersioned({ id: 1, text: 'x' } as Note, { text: 'y' }), /^updateVersioned needs a @Version\(\) column on Note/],
    ['an entity without its version', () => orm.repository(Account).updateVersioned({ id: 1 } as Account, { balance: '1' }), /^updateVersioned on Account needs the entity's version/],
    ['an upsert that sets the version', () => orm.repository(Account).upsert({ owner: 'a', version: 5 }, { onConflict: ['owner'], update: ['version'] }), /names version, the @Version column/],
  ])('refuses %s with a QueryError', async (_what, run, message) => {
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryError);
    expect((error as Error).message).toMatch(message);
  });
});
