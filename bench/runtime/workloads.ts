import type { Orm } from 'strata-orm';
import type { Contender, UserRow } from './contender';

type Knex = Orm['knex'];

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

/** A workload's elapsed time, and the CPU time its process spent meanwhile (user and system, all threads), in ms. */
export interface Timing {
  wall: number;
  cpu: number;
}

/**
 * Times workload `index` (of WORKLOADS) of one contender and checks its result; null for a workload the contender
 * leaves out. W1 starts from empty tables; W2–W8 find W1's users, and the posts seedPosts wrote after it.
 */
export async function timeWorkload(contender: Contender, index: number): Promise<Timing | null> {
  switch (index) {
    case 0: {
      // Fresh objects every time: some ORMs write generated ids and timestamps back into the rows they insert.
      const users = USERS.map((user) => ({ ...user }));
      return time(() => contender.insertUsers(users));
    }
    case 1:
      return time(async () => expectCount(contender, 'W2', await contender.selectUsers(), USERS.length));
    case 2:
      return time(async () => expectCount(contender, 'W3', await contender.usersWithPosts(W3_IDS), W3_IDS.length * 10));
    case 3:
      return time(() => contender.findByIds(W4_IDS));
    case 4:
      return time(() => contender.updateByIds(W5_IDS));
    case 5: {
      const { orderTotals } = contender;
      return orderTotals ? time(async () => expectCount(contender, 'W6', await orderTotals.call(contender), ORDER_TOTAL)) : null;
    }
    case 6: {
      const { usersWithPostLike } = contender;
      return usersWithPostLike ? time(async () => expectCount(contender, 'W7', await usersWithPostLike.call(contender, W7_PREFIX), W3_IDS.length)) : null;
    }
    case 7: {
      const { usersWithLatestPosts } = contender;
      return usersWithLatestPosts ? time(async () => expectCount(contender, 'W8', await usersWithLatestPosts.call(contender, W3_IDS), W3_IDS.length * 3)) : null;
    }
    default:
      throw new Error(`no workload ${index}: there are ${WORKLOADS.length}`);
  }
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

// Not support.ts's time(): that module loads strata-orm, which a contender's process should not hold unless it is Strata.
async function time(fn: () => Promise<unknown>): Promise<Timing> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await fn();
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

function expectCount(contender: Contender, workload: string, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`${contender.name}: ${workload} saw ${actual} rows, expected ${expected}`);
}
