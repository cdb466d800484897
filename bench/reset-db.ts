// reset_db with a 20-table schema already in place: target < 50 ms on PostgreSQL, < 10 ms on SQLite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Orm } from 'strata-orm';
import { PG_URL, summarize, syntheticEntities, time } from './support';

const RUNS = 60;

async function measure(label: string, url: string): Promise<void> {
  const orm = await Orm.connect({ url, entities: syntheticEntities(20) as never[] });
  try {
    const first = await time(() => orm.resetDb());
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await orm.knex('bench_000').insert({ name: `n${i}`, code: `c${i}` });
      samples.push(await time(() => orm.resetDb()));
    }
    const { median, p95 } = summarize(samples.slice(5));
    console.log(`${label.padEnd(10)} first reset (build) ${first.toFixed(1)} ms; reset with schema in place: median ${median} ms, p95 ${p95} ms`);
  } finally {
    await orm.close();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-'));
  const schema = `bench_reset_${process.pid}`;
  const admin = await Orm.connect({ url: PG_URL, entities: [] });
  try {
    await admin.knex.raw(`CREATE SCHEMA "${schema}"`);
    await measure('postgres', `${PG_URL}?schema=${schema}`);
    await measure('sqlite', `sqlite:${join(dir, 'bench.sqlite3')}`);
  } finally {
    await admin.knex.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
