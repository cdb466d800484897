// Cold start, each sample a new node process: `require('strata-orm')` beside `require('knex')` + `require('pg')` and
// `require('typeorm')`; the first query (connect, then one select) on PostgreSQL for each; and `orm --help`.
// Target: require('strata-orm') within 1.2× of knex + pg.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { PG_URL, summarize } from './support';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const ORM = resolve(__dirname, '../dist/cli/main.js');

/** The time a fresh process reports for `code` (which prints its own measurement in ms), median of RUNS after a warm-up. */
function inProcess(code: string): { median: number; p95: number } {
  const samples: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const out = execFileSync(process.execPath, ['-e', code], { cwd: __dirname, env: { ...process.env, PG_URL }, encoding: 'utf8' });
    if (i > 0) samples.push(Number(out.trim().split('\n').at(-1)));
  }
  return summarize(samples);
}

/** Wall time of a whole process, median of RUNS after a warm-up. */
function wholeProcess(args: string[]): { median: number; p95: number } {
  const samples: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const start = process.hrtime.bigint();
    execFileSync(process.execPath, args, { cwd: __dirname, stdio: 'pipe' });
    if (i > 0) samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return summarize(samples);
}

const timed = (body: string): string =>
  `const t = process.hrtime.bigint(); (async () => { ${body} })().then(() => console.log(Number(process.hrtime.bigint() - t) / 1e6), (e) => { console.error(e); process.exit(1); });`;

const requires = {
  'knex + pg': timed("require('knex'); require('pg');"),
  'strata-orm': timed("require('strata-orm');"),
  typeorm: timed("require('typeorm');"),
};

const firstQuery = {
  'knex + pg': timed("const knex = require('knex')({ client: 'pg', connection: process.env.PG_URL }); await knex.raw('select 1'); await knex.destroy();"),
  'strata-orm': timed("const { Orm } = require('strata-orm'); const orm = await Orm.connect({ url: process.env.PG_URL, entities: [] }); await orm.knex.raw('select 1'); await orm.close();"),
  typeorm: timed("require('reflect-metadata'); const { DataSource } = require('typeorm'); const ds = new DataSource({ type: 'postgres', url: process.env.PG_URL }); await ds.initialize(); await ds.query('select 1'); await ds.destroy();"),
};

function report(title: string, rows: Record<string, string>): void {
  const results = Object.entries(rows).map(([name, code]) => [name, inProcess(code)] as const);
  const base = results[0]![1].median;
  console.log(`${title}`);
  for (const [name, r] of results) console.log(`  ${name.padEnd(12)} median ${r.median} ms  p95 ${r.p95} ms  (${(r.median / base).toFixed(2)}× ${results[0]![0]})`);
}

report('require, in a new process:', requires);
report('first query on PostgreSQL (require, connect, select 1, close):', firstQuery);
const help = wholeProcess([ORM, '--help']);
console.log(`orm --help, whole process: median ${help.median} ms  p95 ${help.p95} ms`);
