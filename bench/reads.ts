// W6–W8 for the raw drivers and Strata only, their calls alternating (each round starts with the other one), so
// that both see the same load: on a shared machine the runtime benchmark, which times one contender after the
// other, moves their ratio by the load of the moment. Median of BENCH_READS_ROUNDS (default 30) rounds after two.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Orm } from 'strata-orm';
import type { Contender, Engine } from './runtime/contender';
import { seedOrders, seedPosts, USERS, W3_IDS, W7_PREFIX } from './runtime/workloads';
import { RawDriver } from './runtime/raw';
import { createTables } from './runtime/schema';
import { StrataOrm } from './runtime/strata';
import { time, withPostgresSchema } from './support';

const ROUNDS = Number(process.env.BENCH_READS_ROUNDS ?? 30);
// Raw drivers and Strata only, which implement all three.
const WORKLOADS: [string, (c: Contender) => Promise<unknown>][] = [
  ['W6 groupBy + sum over 100,000 rows', (c) => c.orderTotals!()],
  ['W7 users having some post matching a filter', (c) => c.usersWithPostLike!(W7_PREFIX)],
  ['W8 1,000 users + their 3 latest posts', (c) => c.usersWithLatestPosts!(W3_IDS)],
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function measure(engine: Engine, url: string): Promise<void> {
  const admin = await Orm.connect({ url, entities: [] });
  const contenders: Contender[] = [new RawDriver(), new StrataOrm()];
  try {
    // Seeded on a connection of neither contender, so that neither starts with the rows it wrote in its own cache.
    await createTables(admin.knex, engine);
    await admin.knex.transaction(async (trx) => {
      for (let i = 0; i < USERS.length; i += 400) await trx('users').insert(USERS.slice(i, i + 400));
    });
    await seedPosts(admin.knex);
    await seedOrders(admin.knex);
    for (const contender of contenders) await contender.open(engine, url);
    console.log(`\n${engine} (median of ${ROUNDS} alternating rounds)\n| workload | raw driver | strata | ratio |\n| --- | --- | --- | --- |`);
    for (const [name, run] of WORKLOADS) {
      const samples: number[][] = contenders.map(() => []);
      for (let round = 0; round < ROUNDS + 2; round++) {
        for (let k = 0; k < contenders.length; k++) {
          const which = (round + k) % contenders.length;
          const ms = await time(() => run(contenders[which]!));
          if (round >= 2) samples[which]!.push(ms);
        }
      }
      const [raw, strata] = samples.map(median) as [number, number];
      console.log(`| ${name} | ${raw.toFixed(0)} ms | ${strata.toFixed(0)} ms | ${(strata / raw).toFixed(2)}× |`);
    }
  } finally {
    for (const contender of contenders) await contender.close().catch(() => undefined);
    await admin.close();
  }
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ENGINES?.split(',');
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-reads-'));
  try {
    if (!only || only.includes('postgres')) await withPostgresSchema('reads', (url) => measure('postgres', url));
    if (!only || only.includes('sqlite')) await measure('sqlite', `sqlite:${join(dir, 'bench.sqlite3')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
