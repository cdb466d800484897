// W10–W12 (writes: upsert, increments, a skipLocked job queue) against hand-written SQL on the raw drivers,
// Strata, TypeORM, Sequelize and MikroORM: medians of BENCH_RUNS (default 5) runs after a warm-up, the contenders
// taking turns within each run, as ratios to the raw driver of the same run. BENCH_ENGINES (postgres,sqlite) and
// BENCH_CONTENDERS (typeorm,sequelize,mikro-orm) narrow the run. W12 runs on PostgreSQL only (see writes/harness.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withPostgresSchema } from './support';
import type { Engine, WriteContender } from './writes/contender';
import { measureWrites, WRITE_WORKLOADS } from './writes/harness';
import { RawWrites } from './writes/raw';
import { StrataWrites } from './writes/strata';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const OTHERS = [['typeorm', 'TypeOrmWrites'], ['sequelize', 'SequelizeWrites'], ['mikro-orm', 'MikroOrmWrites']] as const;

function contenders(): WriteContender[] {
  const list: WriteContender[] = [new RawWrites(), new StrataWrites()];
  const only = process.env.BENCH_CONTENDERS?.split(',');
  for (const [file, name] of OTHERS.filter(([file]) => !only || only.includes(file))) {
    try {
      list.push(new ((require(`./writes/${file}`) as Record<string, new () => WriteContender>)[name]!)());
    } catch (error) {
      console.error(`(skipping ${file}: ${(error as Error).message.split('\n')[0]}; install with npm --prefix bench ci)`);
    }
  }
  return list;
}

async function runEngine(engine: Engine, url: string): Promise<void> {
  const results = await measureWrites(contenders(), engine, url, RUNS);
  const raw = results[0]!.medians;
  console.log(`\n${engine} (median of ${RUNS} runs after a warm-up; ratio to the raw driver, and ms; W12 also in jobs/s)`);
  console.log(`| workload | ${results.map((r) => r.name).join(' | ')} |`);
  console.log(`| --- | ${results.map(() => '---').join(' | ')} |`);
  WRITE_WORKLOADS.forEach((workload, i) => {
    const cell = (ms: number): string => {
      if (Number.isNaN(ms)) return '–';
      const rate = i === 2 ? `, ${Math.round(10_000 / (ms / 1000))} jobs/s` : '';
      return `${(ms / raw[i]!).toFixed(2)}× (${ms.toFixed(0)} ms${rate})`;
    };
    console.log(`| ${workload} | ${results.map((r) => cell(r.medians[i]!)).join(' | ')} |`);
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-writes-'));
  try {
    const only = process.env.BENCH_ENGINES?.split(',');
    if (!only || only.includes('postgres')) await withPostgresSchema('writes', (url) => runEngine('postgres', url));
    if (!only || only.includes('sqlite')) await runEngine('sqlite', `sqlite:${join(dir, 'bench.sqlite3')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
