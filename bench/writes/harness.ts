import { Orm } from 'strata-orm';
import type { AccountRow, Engine, WriteContender } from './contender';
import { createWriteTables, emptyWriteTables, seed } from './schema';

export const WRITE_WORKLOADS = ['W10 upsert 10,000 rows, half existing', 'W11 1,000 increments in a transaction', 'W12 8 workers drain 10,000 jobs (skipLocked)'] as const;

/** W12 runs where rows can be locked one by one: on SQLite, a writer locks the whole database and nothing is skipped. */
export const W12_ENGINES: readonly Engine[] = ['postgres'];
export const WORKERS = 8;
const BATCH = 10;
const JOBS = 10_000;

const EXISTING = Array.from({ length: 5_000 }, (_, i) => ({ email: `a${i}@example.com`, name: `Old ${i}`, balance: 0 }));
const UPSERT: AccountRow[] = Array.from({ length: 10_000 }, (_, i) => ({ email: `a${i}@example.com`, name: `New ${i}`, balance: i % 100 }));
const W11_IDS = Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 5_000) + 1);

type Knex = Orm['knex'];

/** Times each workload `runs` times after one warm-up run, from freshly seeded tables each time; medians in ms (NaN: not run). */
export async function measureWrites(contender: WriteContender, engine: Engine, url: string, runs: number): Promise<number[]> {
  const admin = await Orm.connect({ url, entities: [] });
  const knex = admin.knex;
  const samples: number[][] = WRITE_WORKLOADS.map(() => []);
  try {
    await createWriteTables(knex);
    await contender.open(engine, url, WORKERS);
    for (let run = 0; run <= runs; run++) {
      await emptyWriteTables(knex, engine);
      await seed(knex, 'accounts', EXISTING);
      const times: number[] = [];
      times.push(await time(() => contender.upsertAccounts(UPSERT.map((row) => ({ ...row })))));
      await check(contender, 'W10', knex, `SELECT COUNT(*) AS n FROM accounts WHERE name LIKE 'New %'`, UPSERT.length);
      const before = await scalar(knex, 'SELECT SUM(balance) AS n FROM accounts');
      times.push(await time(() => contender.incrementBalances(W11_IDS)));
      await check(contender, 'W11', knex, 'SELECT SUM(balance) AS n FROM accounts', before + W11_IDS.length);
      if (W12_ENGINES.includes(engine)) {
        await seed(knex, 'jobs', Array.from({ length: JOBS }, (_, i) => ({ payload: `job ${i}` })));
        let taken = 0;
        times.push(await time(async () => {
          const counts = await Promise.all(Array.from({ length: WORKERS }, (_, w) => contender.drainJobs(w, BATCH)));
          taken = counts.reduce((a, b) => a + b, 0);
        }));
        if (taken !== JOBS) throw new Error(`${contender.name}: W12 workers took ${taken} jobs, not ${JOBS}: some twice or some never`);
        await check(contender, 'W12', knex, 'SELECT COUNT(*) AS n FROM jobs WHERE done_at IS NOT NULL AND worker IS NOT NULL', JOBS);
      } else times.push(Number.NaN);
      if (run > 0) times.forEach((t, i) => samples[i]!.push(t));
    }
  } finally {
    await contender.close().catch(() => undefined);
    await admin.close();
  }
  return samples.map(median);
}

async function scalar(knex: Knex, sql: string): Promise<number> {
  const result = (await knex.raw(sql)) as { rows?: { n: unknown }[] } | { n: unknown }[];
  const rows = Array.isArray(result) ? result : result.rows!;
  return Number(rows[0]!.n);
}

async function check(contender: WriteContender, workload: string, knex: Knex, sql: string, expected: number): Promise<void> {
  const actual = await scalar(knex, sql);
  if (actual !== expected) throw new Error(`${contender.name}: after ${workload}, ${sql} gave ${actual}, expected ${expected}`);
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(values: number[]): number {
  if (values.some(Number.isNaN) || values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
