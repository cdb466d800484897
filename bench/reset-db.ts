// reset_db with a 20-table schema already in place: target < 50 ms on PostgreSQL and MariaDB, < 10 ms on SQLite.
import { Orm } from 'strata-orm';
import { benchEachEngine, summarize, syntheticEntities, time } from './support';

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

benchEachEngine('reset', measure);
