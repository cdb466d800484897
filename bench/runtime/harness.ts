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

/**
 * Times each workload of each contender `runs` times after one warm-up run, from empty tables each time; returns
 * each contender's medians in ms. The contenders take turns within a run, each run starting with the next one, so
 * that the server warming up, or the machine's load changing, weighs on all of them alike.
 */
export async function measure(contenders: readonly Contender[], engine: Engine, url: string, runs: number): Promise<number[][]> {
  // Strata's own knex, whatever bench/node_modules holds (MikroORM brings another copy).
  const admin = await Orm.connect({ url, entities: [] });
  const knex = admin.knex;
  const samples: number[][][] = contenders.map(() => WORKLOADS.map(() => []));
  const opened: Contender[] = [];
  try {
    await createTables(knex, engine);
    await seedOrders(knex);
    for (const contender of contenders) {
      await contender.open(engine, url);
      opened.push(contender);
    }
    for (let run = 0; run <= runs; run++) {
      process.stderr.write(`${engine}: run ${run === 0 ? 'warm-up' : `${run} of ${runs}`}\n`);
      for (let turn = 0; turn < contenders.length; turn++) {
        const index = (run + turn) % contenders.length;
        const times = await runOnce(contenders[index]!, knex, engine);
        if (run > 0) times.forEach((t, i) => samples[index]![i]!.push(t));
      }
    }
  } finally {
    for (const contender of opened) await contender.close().catch(() => undefined);
    await admin.close();
  }
  return samples.map((workloads) => workloads.map(median));
}

/** W1–W8 once, from empty tables, each checked for its result; their times in ms (NaN for a workload the contender leaves out). */
async function runOnce(contender: Contender, knex: Knex, engine: Engine): Promise<number[]> {
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
  const { orderTotals, usersWithPostLike, usersWithLatestPosts } = contender;
  times.push(orderTotals ? await time(async () => expectCount(contender, 'W6', await orderTotals.call(contender), ORDER_TOTAL)) : NaN);
  times.push(usersWithPostLike ? await time(async () => expectCount(contender, 'W7', await usersWithPostLike.call(contender, W7_PREFIX), W3_IDS.length)) : NaN);
  times.push(usersWithLatestPosts ? await time(async () => expectCount(contender, 'W8', await usersWithLatestPosts.call(contender, W3_IDS), W3_IDS.length * 3)) : NaN);
  return times;
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
