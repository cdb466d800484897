// W1–W8 against the raw drivers, Strata, knex, TypeORM, Sequelize and MikroORM, taking turns in every run: medians of
// BENCH_RUNS (default 7) runs after a warm-up, as ratios to the raw driver measured in the same run. BENCH_ENGINES (postgres,sqlite,mysql)
// and BENCH_CONTENDERS (raw-better-sqlite3,knex,typeorm,sequelize,mikro-orm,prisma) narrow the run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Contender, Engine } from './runtime/contender';
import { measure, WORKLOADS } from './runtime/harness';
import { RawDriver } from './runtime/raw';
import { RawMysql2 } from './runtime/raw-mysql2';
import { StrataOrm } from './runtime/strata';
import { withMysqlDatabase, withPostgresSchema } from './support';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const OTHERS = [['raw-better-sqlite3', 'RawBetterSqlite3'], ['knex', 'KnexContender'], ['typeorm', 'TypeOrmContender'], ['sequelize', 'SequelizeContender'], ['mikro-orm', 'MikroOrmContender'], ['prisma', 'PrismaContender']] as const;

/**
 * The raw drivers, Strata, and the other contenders (all, or those BENCH_CONTENDERS names) that can be loaded. On
 * SQLite, the first is raw better-sqlite3, the fastest driver, which the ratios compare with; Strata runs on each
 * SQLite driver (node:sqlite where this Node.js has it).
 */
function contenders(engine: Engine): Contender[] {
  const list: Contender[] = engine === 'sqlite' ? sqliteBaseline() : engine === 'mysql' ? [new RawMysql2(), new StrataOrm()] : [new RawDriver(), new StrataOrm()];
  const only = process.env.BENCH_CONTENDERS?.split(',');
  for (const [file, name] of OTHERS.filter(([file]) => (!only || only.includes(file)) && !(engine === 'sqlite' && file === 'raw-better-sqlite3'))) {
    try {
      const Contender = (require(`./runtime/${file}`) as Record<string, new () => Contender>)[name]!;
      list.push(new Contender());
    } catch (error) {
      console.error(`(skipping ${file}: ${(error as Error).message.split('\n')[0]}; install with npm --prefix bench ci)`);
    }
  }
  return list;
}

/**
 * SQLite: raw better-sqlite3 (the baseline), raw sqlite3, and Strata on each driver. Where better-sqlite3 does not
 * load (built for another Node.js), raw sqlite3 is the baseline.
 */
function sqliteBaseline(): Contender[] {
  const list: Contender[] = [];
  try {
    new (require('better-sqlite3') as new (path: string) => { close(): void })(':memory:').close();
    const { RawBetterSqlite3 } = require('./runtime/raw-better-sqlite3') as typeof import('./runtime/raw-better-sqlite3');
    list.push(new RawBetterSqlite3(), new RawDriver(), new StrataOrm('better-sqlite3'));
  } catch (error) {
    console.error(`(skipping better-sqlite3: ${(error as Error).message.split('\n')[0]})`);
    list.push(new RawDriver());
  }
  try {
    require('node:sqlite');
    list.push(new StrataOrm('node:sqlite'));
  } catch {
    console.error(`(skipping strata (node:sqlite): Node.js ${process.version} has no node:sqlite; it needs 22.13 or later)`);
  }
  list.push(new StrataOrm('sqlite3'));
  return list;
}

async function runEngine(engine: Engine, url: string): Promise<void> {
  const list = contenders(engine).filter((c) => !c.engines || c.engines.includes(engine));
  process.stderr.write(`${engine}: ${list.map((c) => c.name).join(', ')}, taking turns\n`);
  const medians = await measure(list, engine, url, RUNS);
  const results = list.map((contender, i) => ({ name: contender.name, medians: medians[i]! }));
  const raw = results[0]!.medians;
  console.log(`\n${engine} (median of ${RUNS} runs after a warm-up; ratio to ${results[0]!.name}, and ms)`);
  console.log(`| workload | ${results.map((r) => r.name).join(' | ')} |`);
  console.log(`| --- | ${results.map(() => '---').join(' | ')} |`);
  WORKLOADS.forEach((workload, i) => {
    console.log(`| ${workload} | ${results.map((r) => (Number.isNaN(r.medians[i]!) ? 'n/a' : `${(r.medians[i]! / raw[i]!).toFixed(2)}× (${r.medians[i]!.toFixed(0)} ms)`)).join(' | ')} |`);
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-runtime-'));
  try {
    const only = process.env.BENCH_ENGINES?.split(',');
    if (!only || only.includes('postgres')) await withPostgresSchema('runtime', (url) => runEngine('postgres', url));
    if (!only || only.includes('sqlite')) await runEngine('sqlite', `sqlite:${join(dir, 'bench.sqlite3')}`);
    if (!only || only.includes('mysql')) await withMysqlDatabase('runtime', (url) => runEngine('mysql', url));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
