// W1–W5 against the raw drivers, Strata, TypeORM, Sequelize and MikroORM: medians of BENCH_RUNS (default 7)
// runs after a warm-up, as ratios to the raw driver measured in the same run. BENCH_ENGINES (postgres,sqlite)
// and BENCH_CONTENDERS (raw-better-sqlite3,typeorm,sequelize,mikro-orm) narrow the run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Contender, Engine } from './runtime/contender';
import { measure, WORKLOADS } from './runtime/harness';
import { RawDriver } from './runtime/raw';
import { StrataOrm } from './runtime/strata';
import { withPostgresSchema } from './support';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const OTHERS = [['raw-better-sqlite3', 'RawBetterSqlite3'], ['typeorm', 'TypeOrmContender'], ['sequelize', 'SequelizeContender'], ['mikro-orm', 'MikroOrmContender']] as const;

/** The raw drivers, Strata, and the other contenders (all, or those BENCH_CONTENDERS names) that can be loaded. */
function contenders(): Contender[] {
  const list: Contender[] = [new RawDriver(), new StrataOrm()];
  const only = process.env.BENCH_CONTENDERS?.split(',');
  for (const [file, name] of OTHERS.filter(([file]) => !only || only.includes(file))) {
    try {
      const Contender = (require(`./runtime/${file}`) as Record<string, new () => Contender>)[name]!;
      list.push(new Contender());
    } catch (error) {
      console.error(`(skipping ${file}: ${(error as Error).message.split('\n')[0]}; install with npm --prefix bench ci)`);
    }
  }
  return list;
}

async function runEngine(engine: Engine, url: string): Promise<void> {
  const results: { name: string; medians: number[] }[] = [];
  for (const contender of contenders().filter((c) => !c.engines || c.engines.includes(engine))) {
    process.stderr.write(`${engine}: ${contender.name}…\n`);
    results.push({ name: contender.name, medians: await measure(contender, engine, url, RUNS) });
  }
  const raw = results[0]!.medians;
  console.log(`\n${engine} (median of ${RUNS} runs after a warm-up; ratio to the raw driver, and ms)`);
  console.log(`| workload | ${results.map((r) => r.name).join(' | ')} |`);
  console.log(`| --- | ${results.map(() => '---').join(' | ')} |`);
  WORKLOADS.forEach((workload, i) => {
    console.log(`| ${workload} | ${results.map((r) => `${(r.medians[i]! / raw[i]!).toFixed(2)}× (${r.medians[i]!.toFixed(0)} ms)`).join(' | ')} |`);
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-runtime-'));
  try {
    const only = process.env.BENCH_ENGINES?.split(',');
    if (!only || only.includes('postgres')) await withPostgresSchema('runtime', (url) => runEngine('postgres', url));
    if (!only || only.includes('sqlite')) await runEngine('sqlite', `sqlite:${join(dir, 'bench.sqlite3')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
