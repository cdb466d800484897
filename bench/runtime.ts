// W1–W8 against the raw drivers, Strata, knex, TypeORM, Sequelize and MikroORM, each in a process of its own, taking
// turns in every run: medians of BENCH_RUNS (default 7) runs after a warm-up, as ratios to the raw driver measured in
// the same run. BENCH_ENGINES (postgres,sqlite,mysql) and BENCH_CONTENDERS (raw-better-sqlite3,knex,typeorm,
// sequelize,mikro-orm,prisma, or none) narrow the run; BENCH_CPU=1 adds a table of each process's CPU time.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from './runtime/contender';
import { measure } from './runtime/harness';
import type { ContenderSpec } from './runtime/worker';
import { WORKLOADS } from './runtime/workloads';
import { withMysqlDatabase, withPostgresSchema } from './support';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const OTHERS: ContenderSpec[] = [
  { module: 'raw-better-sqlite3', export: 'RawBetterSqlite3' },
  { module: 'knex', export: 'KnexContender' },
  { module: 'typeorm', export: 'TypeOrmContender' },
  { module: 'sequelize', export: 'SequelizeContender' },
  { module: 'mikro-orm', export: 'MikroOrmContender' },
  { module: 'prisma', export: 'PrismaContender' },
];

/**
 * The raw driver (the baseline, first), Strata, and the other contenders (all, or those BENCH_CONTENDERS names);
 * each process skips, saying why, a contender it cannot load or that does not run on the engine.
 */
function contenders(engine: Engine): ContenderSpec[] {
  const raw = (module: string, name: string): ContenderSpec => ({ module, export: name });
  const strata: ContenderSpec = { module: 'strata', export: 'StrataOrm' };
  const list = engine === 'sqlite' ? sqliteBaseline() : engine === 'mysql' ? [raw('raw-mysql2', 'RawMysql2'), strata] : [raw('raw', 'RawDriver'), strata];
  const only = process.env.BENCH_CONTENDERS?.split(',');
  return [...list, ...OTHERS.filter((spec) => (!only || only.includes(spec.module)) && !list.some((s) => s.module === spec.module))];
}

/**
 * SQLite: raw better-sqlite3 (the baseline), raw sqlite3, and Strata on each driver. Where better-sqlite3 does not
 * load (built for another Node.js), raw sqlite3 is the baseline. Strata on node:sqlite runs on this Node.js if it has
 * the module, else on Node.js 22 (scripts/node22.sh: STRATA_NODE22, or the registry's binary, fetched once).
 */
function sqliteBaseline(): ContenderSpec[] {
  const strata = (driver: string): ContenderSpec => ({ module: 'strata', export: 'StrataOrm', args: [driver] });
  const rawSqlite3: ContenderSpec = { module: 'raw', export: 'RawDriver' };
  const list: ContenderSpec[] = [];
  try {
    new (require('better-sqlite3') as new (path: string) => { close(): void })(':memory:').close();
    list.push({ module: 'raw-better-sqlite3', export: 'RawBetterSqlite3' }, rawSqlite3, strata('better-sqlite3'));
  } catch (error) {
    console.error(`(skipping better-sqlite3: ${(error as Error).message.split('\n')[0]})`);
    list.push(rawSqlite3);
  }
  try {
    require('node:sqlite');
    list.push(strata('node:sqlite'));
  } catch {
    try {
      const node = execFileSync('bash', [join(__dirname, '..', 'scripts', 'node22.sh')], { encoding: 'utf8' }).trim();
      list.push({ ...strata('node:sqlite'), node });
    } catch (error) {
      console.error(`(skipping strata (node:sqlite): Node.js ${process.version} has no node:sqlite, and no Node.js 22 was found: ${(error as Error).message.split('\n')[0]})`);
    }
  }
  list.push(strata('sqlite3'));
  return list;
}

async function runEngine(engine: Engine, url: string): Promise<void> {
  const results = await measure(contenders(engine), engine, url, RUNS);
  printTable(`${engine} (median of ${RUNS} runs after a warm-up; ratio to ${results[0]!.name}, and ms)`, results.map((r) => ({ name: r.name, medians: r.medians })));
  // CPU time leaves out what the contender waits for: the server's work on PostgreSQL and MariaDB, which makes it
  // a figure for SQLite, where the driver does all the work in the contender's process.
  if (process.env.BENCH_CPU === '1') {
    printTable(`${engine}, CPU time of each contender's process (user and system, median of ${RUNS} runs; ratio to ${results[0]!.name}, and ms)`, results.map((r) => ({ name: r.name, medians: r.cpuMedians })));
  }
}

function printTable(title: string, results: { name: string; medians: number[] }[]): void {
  const raw = results[0]!.medians;
  console.log(`\n${title}`);
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
