// W2 and W4 (issue 17) on three routes to the same PostgreSQL data: a direct connection, PgBouncer in transaction
// mode (.ci/pgbouncer, port 6432), and a streaming replica (.ci/replica, port 5433): the raw `pg` driver on each
// route, and Strata on each (on the replica through `replicas`, as an application reads there). Medians of
// BENCH_RUNS (default 7) runs after a warm-up, the contenders taking turns within each run.
import { Pool } from 'pg';
import { Orm } from 'strata-orm';
import { USERS } from './runtime/workloads';
import { createTables } from './runtime/schema';
import { Post, User } from './runtime/strata';
import { PG_URL, time } from './support';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const PGBOUNCER_PORT = process.env.BENCH_PGBOUNCER_PORT ?? '6432';
const REPLICA_PORT = process.env.BENCH_REPLICA_PORT ?? '5433';
const W4_IDS = Array.from({ length: 2000 }, (_, i) => ((i * 7919) % 10_000) + 1);
const SELECT = 'SELECT id, name, email, age, active, created_at, updated_at FROM users';

interface Reader {
  readonly name: string;
  selectUsers(): Promise<number>;
  findByIds(ids: readonly number[]): Promise<void>;
  close(): Promise<void>;
}

function raw(name: string, url: string): Reader {
  const pool = new Pool({ connectionString: url, max: 10 });
  return {
    name,
    selectUsers: async () => (await pool.query(SELECT)).rows.length,
    async findByIds(ids) {
      for (const id of ids) await pool.query(`${SELECT} WHERE id = $1`, [id]);
    },
    close: () => pool.end(),
  };
}

async function strata(name: string, url: string, replicas: string[] = []): Promise<Reader> {
  const orm = await Orm.connect({ url, replicas, entities: [User, Post] });
  const users = orm.repository(User);
  return {
    name,
    selectUsers: async () => (await users.find()).length,
    async findByIds(ids) {
      for (const id of ids) await users.findById(id);
    },
    close: () => orm.close(),
  };
}

function withPort(url: string, port: string): string {
  const u = new URL(url);
  u.port = port;
  return u.toString();
}

/** Waits until the replica has replayed the seeded rows. */
async function caughtUp(replicaUrl: string): Promise<void> {
  const pool = new Pool({ connectionString: replicaUrl, max: 1 });
  try {
    for (let tries = 0; ; tries++) {
      const count = await pool.query('SELECT count(*)::int AS n FROM users').then((r) => r.rows[0].n as number, () => 0);
      if (count === USERS.length) return;
      if (tries > 300) throw new Error(`the replica at ${replicaUrl} has not replayed the ${USERS.length} users after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await pool.end();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  // A database of its own: a schema (?schema=) cannot be kept through PgBouncer.
  const database = `bench_pooled_${process.pid}`;
  const admin = await Orm.connect({ url: PG_URL, entities: [] });
  await admin.knex.raw(`CREATE DATABASE "${database}"`);
  const direct = new URL(PG_URL);
  direct.pathname = `/${database}`;
  const directUrl = direct.toString();
  const pooledUrl = withPort(directUrl, PGBOUNCER_PORT);
  const replicaUrl = withPort(directUrl, REPLICA_PORT);
  const readers: Reader[] = [];
  try {
    const seed = await Orm.connect({ url: directUrl, entities: [] });
    await createTables(seed.knex, 'postgres');
    for (let i = 0; i < USERS.length; i += 1000) await seed.knex('users').insert(USERS.slice(i, i + 1000));
    await seed.close();
    await caughtUp(replicaUrl);

    readers.push(
      raw('raw pg, direct', directUrl), await strata('Strata, direct', directUrl),
      raw('raw pg, PgBouncer', pooledUrl), await strata('Strata, PgBouncer', pooledUrl),
      raw('raw pg, replica', replicaUrl), await strata('Strata, replicas: [replica]', directUrl, [replicaUrl]),
    );
    const w2 = readers.map((): number[] => []);
    const w4 = readers.map((): number[] => []);
    for (let run = 0; run <= RUNS; run++) {
      for (const [i, reader] of readers.entries()) {
        const select = await time(async () => {
          if ((await reader.selectUsers()) !== USERS.length) throw new Error(`${reader.name}: W2 did not read ${USERS.length} users`);
        });
        const lookups = await time(() => reader.findByIds(W4_IDS));
        if (run > 0) {
          w2[i]!.push(select);
          w4[i]!.push(lookups);
        }
      }
    }
    console.log(`\nPostgreSQL routes (median of ${RUNS} runs after a warm-up; Strata's ratio to raw pg on the same route, and each route's raw time to the direct one)`);
    console.log('| route | W2 select 10,000 users: raw pg | Strata | W4 2,000 findById: raw pg | Strata |');
    console.log('| --- | --- | --- | --- | --- |');
    const [rawDirectW2, rawDirectW4] = [median(w2[0]!), median(w4[0]!)];
    for (let i = 0; i < readers.length; i += 2) {
      const [r2, s2, r4, s4] = [median(w2[i]!), median(w2[i + 1]!), median(w4[i]!), median(w4[i + 1]!)];
      const route = readers[i]!.name.replace('raw pg, ', '');
      console.log(`| ${route} | ${r2.toFixed(0)} ms (${(r2 / rawDirectW2).toFixed(2)}× direct) | **${(s2 / r2).toFixed(2)}×** (${s2.toFixed(0)} ms) | ` +
        `${r4.toFixed(0)} ms (${(r4 / rawDirectW4).toFixed(2)}× direct) | **${(s4 / r4).toFixed(2)}×** (${s4.toFixed(0)} ms) |`);
    }
  } finally {
    for (const reader of readers) await reader.close().catch(() => undefined);
    await admin.knex.raw(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
