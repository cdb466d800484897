import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BelongsTo, Column, Index, Orm, PrimaryKey, Table, Unique } from 'strata-orm';

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MYSQL_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

/** Median and 95th percentile, in milliseconds. */
export function summarize(samples: number[]): { median: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: round(at(0.5)), p95: round(at(0.95)) };
}

export function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

export async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * `count` entity classes shaped like a real schema: eight columns of mixed types, a unique, an index
 * (unless `index: false`), and a foreign key to the previous table.
 */
export function syntheticEntities(count: number, prefix = 'bench', options: { index?: boolean } = {}): Function[] {
  const classes: Function[] = [];
  for (let i = 0; i < count; i++) {
    const cls = { [`Entity${i}`]: class {} }[`Entity${i}`]!;
    const p = cls.prototype;
    PrimaryKey({ type: 'integer' })(p, 'id');
    Column({ type: 'string', length: 100 })(p, 'name');
    Column({ type: 'string' })(p, 'code');
    Column({ type: 'integer', default: 0 })(p, 'rank');
    Column({ type: 'boolean', default: true })(p, 'active');
    Column({ type: 'decimal', precision: 10, scale: 2, nullable: true })(p, 'amount');
    Column({ type: 'datetime', nullable: true })(p, 'seenAt');
    Column({ type: 'text', nullable: true })(p, 'notes');
    Unique()(p, 'code');
    if (options.index !== false) Index(['name', 'rank'])(cls);
    if (i > 0) {
      const previous = classes[i - 1]!;
      Column({ type: 'integer', nullable: true })(p, 'parentId');
      BelongsTo(() => previous as never, { foreignKey: 'parentId', nullable: true, onDelete: 'cascade' })(p, 'parent');
    }
    Table(`${prefix}_${String(i).padStart(3, '0')}`)(cls);
    classes.push(cls);
  }
  return classes;
}

/** Runs `fn` with the URL of a PostgreSQL schema of its own, dropped afterwards. */
export async function withPostgresSchema<T>(name: string, fn: (url: string) => Promise<T>): Promise<T> {
  const schema = `bench_${name}_${process.pid}`;
  const admin = await Orm.connect({ url: PG_URL, entities: [] });
  try {
    await admin.knex.raw(`CREATE SCHEMA "${schema}"`);
    return await fn(`${PG_URL}?schema=${schema}`);
  } finally {
    await admin.knex.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.close();
  }
}

/** Runs `fn` with the URL of a MariaDB database of its own, dropped after. */
export async function withMysqlDatabase<T>(name: string, fn: (url: string) => Promise<T>): Promise<T> {
  const database = `bench_${name}_${process.pid}`;
  const admin = await Orm.connect({ url: MYSQL_URL, entities: [] });
  try {
    await admin.knex.raw(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const url = new URL(MYSQL_URL);
    url.pathname = `/${database}`;
    return await fn(url.toString());
  } finally {
    await admin.knex.raw(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.close();
  }
}

/**
 * Runs `measure` once per engine (those BENCH_ENGINES names, e.g. `postgres,sqlite,mysql`; all by default), on a
 * PostgreSQL schema, a SQLite file and a MariaDB database of its own, each removed after; a failure sets the exit code.
 */
export function benchEachEngine(name: string, measure: (engine: string, url: string) => Promise<void>): void {
  const only = process.env.BENCH_ENGINES?.split(',');
  const wanted = (engine: string): boolean => !only || only.includes(engine);
  const run = async (): Promise<void> => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-bench-'));
    try {
      if (wanted('postgres')) await withPostgresSchema(name, (url) => measure('postgres', url));
      if (wanted('sqlite')) await measure('sqlite', `sqlite:${join(dir, 'bench.sqlite3')}`);
      if (wanted('mysql')) await withMysqlDatabase(name, (url) => measure('mysql', url));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  run().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
