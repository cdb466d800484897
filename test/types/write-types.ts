import 'reflect-metadata';
import { decrement, increment, type Orm, type Repository, sql } from 'strata-orm';
import { Author, Post } from '../integration/runtime/entities';

// Type-level tests of writes (upsert, expressions in updates, returning), compiled by test/unit/types.test.ts.

export async function updateValuesAndResults(users: Repository<Author>, posts: Repository<Post>): Promise<unknown[]> {
  const changed: number = await users.update({ id: 1 }, { age: increment(1), balance: decrement('2.50'), big: increment(2n), seenAt: sql`now()` });
  const returned: Author[] = await users.update({ id: 1 }, { rating: decrement(0.5) }, { returning: true });
  const deleted: number = await posts.delete({ id: 1 });
  const gone: Post[] = await posts.delete({ id: 1 }, { returning: true });
  const upserted: number = await users.upsert([{ name: 'A', email: 'a@x.io' }], { onConflict: ['email'], update: ['name'] });
  const upsertedRows: Author[] = await users.upsert({ name: 'A', email: 'a@x.io' }, { onConflict: ['email'], returning: true });
  // @ts-expect-error: increment applies to numeric columns, and name is a string
  await users.update({ id: 1 }, { name: increment(1) });
  // @ts-expect-error: a numeric column takes a numeric amount
  await users.update({ id: 1 }, { age: increment('1') });
  // @ts-expect-error: a boolean column cannot be incremented
  await users.update({ id: 1 }, { active: increment(1) });
  // @ts-expect-error: without returning, update resolves to a count
  const notRows: Author[] = await users.update({ id: 1 }, { name: 'x' });
  // @ts-expect-error: onConflict names column properties
  await users.upsert({ name: 'A', email: 'a@x.io' }, { onConflict: ['emial'] });
  // @ts-expect-error: a relation is not a conflict target
  await users.upsert({ name: 'A', email: 'a@x.io' }, { onConflict: ['posts'] });
  // @ts-expect-error: update names column properties
  await users.upsert({ name: 'A', email: 'a@x.io' }, { onConflict: ['email'], update: ['nmae'] });
  return [changed, returned, deleted, gone, upserted, upsertedRows, notRows];
}

export async function locksAndTransactionOptions(orm: Orm): Promise<unknown[]> {
  const jobs = await orm.transaction((tx) => tx.repository(Post).find({ where: { likes: 0 }, limit: 10, lock: 'update', skipLocked: true }), { isolation: 'serializable', retries: 3 });
  const one: Post | null = await orm.transaction((tx) => tx.repository(Post).findOne({ lock: 'share', noWait: true }));
  // @ts-expect-error: lock is 'update' or 'share'
  await orm.repository(Post).find({ lock: 'exclusive' });
  // @ts-expect-error: not an isolation level
  await orm.transaction(async () => 1, { isolation: 'snapshot' });
  return [jobs, one];
}

export async function versionsAndSoftDeletes(users: Repository<Author>, user: Author): Promise<unknown[]> {
  const fresh: Author = await users.updateVersioned(user, { name: 'x', age: increment(1) });
  const restored: number = await users.restore({ id: 1 });
  const restoredRows: Author[] = await users.restore({ id: 1 }, { returning: true });
  const hard: number = await users.delete({ id: 1 }, { hard: true });
  const withDeleted = [await users.find({ withDeleted: true }), await users.count({ withDeleted: true }), await users.findById(1, { withDeleted: true })];
  // @ts-expect-error: updateVersioned's changes are checked against the entity
  await users.updateVersioned(user, { nmae: 'x' });
  return [fresh, restored, restoredRows, hard, withDeleted];
}
