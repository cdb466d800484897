import { Orm } from 'strata-orm';
import type { Contender, Engine, UserRow } from './contender';
import { createTables, emptyTables } from './schema';

export const WORKLOADS = ['W1 insert 10,000 users', 'W2 select 10,000 users', 'W3 1,000 users + 10 posts each', 'W4 2,000 findById', 'W5 1,000 updates in a transaction',
  'W6 groupBy + sum over 100,000 rows', 'W7 users having some post matching a filter', 'W8 1,000 users + their 3 latest posts'] as const;

export const USERS: UserRow[] = Array.from({ length: 10_000 }, (_, i) => ({ name: `User ${i}`, email: `user${i}@example.com`, age: 20 + (i % 50), active: i % 3 !== 0 }));
export const W3_IDS = Array.from({ length: 1000 }, (_, i) => i + 1);
const W4_IDS = Array.from({ length: 2000 }, (_, i) => ((i * 7919) % 10_000) + 1);
const W5_IDS = Array.from({ length: 1000 }, (_, i) => ((i * 104729) % 10_000) + 1);
/** W6's orders: 10 per user, amounts from 0 to 999. */
const ORDERS = Array.from({ length: 100_000 }, (_, i) => ({ user_id: (i % 10_000) + 1, amount: (i * 37) % 1000 }));
const ORDER_TOTAL = ORDERS.reduce((n, o) => n + o.amount, 0);
/** W7: every user with posts (the first 1,000) has one post 'Post 9 of …'. */
export const W7_PREFIX = 'Post 9';

type Knex = Orm['knex'];

/** Times each workload `runs` times after one warm-up run, from empty tables each time; returns medians in ms. */
export async function measure(contender: Contender, engine: Engine, url: string, runs: number): Promise<number[]> {
  // Strata's own knex, whatever bench/node_modules holds (MikroORM brings another copy).
  const admin = await Orm.connect({ url, entities: [] });
  const knex = admin.knex;
  const samples: number[][] = WORKLOADS.map(() => []);
  try {
    await createTables(knex, engine);
    await seedOrders(knex);
    await contender.open(engine, url);
    for (let run = 0; run <= runs; run++) {
      await emptyTables(knex, engine);
      const times: number[] = [];
      // Fresh objects every time: some ORMs write generated ids and timestamps back into the rows they insert.
      const users = USERS.map((user) => ({ ...user }));
      times.push(await time(() => contender.insertUsers(users)));
      if ((await knex('users').count({ n: '*' }))[0]!.n != USERS.length) throw new Error(`${contender.name}: W1 did not insert ${USERS.length} users`);
      await seedPosts(knex);
      times.push(await time(async () => expectCount(contender, 'W2', await contender.selectUsers(), USERS.length)));
      times.push(await time(async () => expectCount(contender, 'W3', await contender.usersWithPosts(W3_IDS), W3_IDS.length * 10)));
      times.push(await time(() => contender.findByIds(W4_IDS)));
      times.push(await time(() => contender.updateByIds(W5_IDS)));
      times.push(await time(async () => expectCount(contender, 'W6', await contender.orderTotals(), ORDER_TOTAL)));
      times.push(await time(async () => expectCount(contender, 'W7', await contender.usersWithPostLike(W7_PREFIX), W3_IDS.length)));
      times.push(await time(async () => expectCount(contender, 'W8', await contender.usersWithLatestPosts(W3_IDS), W3_IDS.length * 3)));
      if (run > 0) times.forEach((t, i) => samples[i]!.push(t));
    }
  } finally {
    await contender.close().catch(() => undefined);
    await admin.close();
  }
  return samples.map(median);
}

export async function seedPosts(knex: Knex): Promise<void> {
  const posts = W3_IDS.flatMap((userId) => Array.from({ length: 10 }, (_, k) => ({ user_id: userId, title: `Post ${k} of ${userId}`, body: 'Lorem ipsum dolor sit amet.' })));
  // knex inserts many rows on SQLite as a compound SELECT, which SQLite caps at 500 terms.
  for (let i = 0; i < posts.length; i += 400) await knex('posts').insert(posts.slice(i, i + 400));
}

export async function seedOrders(knex: Knex): Promise<void> {
  await knex.transaction(async (trx) => {
    for (let i = 0; i < ORDERS.length; i += 400) await trx('orders').insert(ORDERS.slice(i, i + 400));
  });
}

function expectCount(contender: Contender, workload: string, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`${contender.name}: ${workload} saw ${actual} rows, expected ${expected}`);
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
