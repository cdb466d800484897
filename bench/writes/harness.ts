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

/** What one contender measured: the median ms of each workload (NaN: not run), or why it failed. */
export interface WriteResult {
  readonly name: string;
  readonly medians: number[];
  readonly failure?: string;
}

/**
 * Times each workload of every contender `runs` times after one warm-up run, from freshly seeded tables each time.
 * The contenders take turns within each run, the next one going first in the next run, so that a change in the
 * machine's load during the benchmark weighs on all of them alike (a shared machine's load can double in a minute).
 * A contender that fails is reported with its error and left out of the runs that follow.
 */
export async function measureWrites(contenders: readonly WriteContender[], engine: Engine, url: string, runs: number): Promise<WriteResult[]> {
  const admin = await Orm.connect({ url, entities: [] });
  const knex = admin.knex;
  const samples = contenders.map(() => WRITE_WORKLOADS.map((): number[] => []));
  const failures: (string | undefined)[] = contenders.map(() => undefined);
  const fail = (i: number, error: unknown): void => {
    failures[i] = (error as Error).message.split('\n')[0];
    console.error(`${engine}: ${contenders[i]!.name} failed: ${failures[i]}`);
  };
  try {
    await createWriteTables(knex);
    for (const [i, contender] of contenders.entries()) await contender.open(engine, url, WORKERS).catch((error: unknown) => fail(i, error));
    for (let run = 0; run <= runs; run++) {
      process.stderr.write(`${engine}: run ${run === 0 ? 'warm-up' : `${run} of ${runs}`}\n`);
      for (let turn = 0; turn < contenders.length; turn++) {
        const i = (run + turn) % contenders.length;
        if (failures[i] !== undefined) continue;
        try {
          const times = await measureOnce(contenders[i]!, engine, knex);
          if (run > 0) times.forEach((t, w) => samples[i]![w]!.push(t));
        } catch (error) {
          fail(i, error);
        }
      }
    }
  } finally {
    await Promise.all(contenders.map((c) => c.close().catch(() => undefined)));
    await admin.close();
  }
  return contenders.map((c, i) => ({ name: c.name, medians: failures[i] === undefined ? samples[i]!.map(median) : WRITE_WORKLOADS.map(() => Number.NaN), failure: failures[i] }));
}

/** One run of the three workloads by one contender, from freshly seeded tables, each result checked; times in ms. */
async function measureOnce(contender: WriteContender, engine: Engine, knex: Knex): Promise<number[]> {
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
  return times;
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
