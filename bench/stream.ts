// W9: stream 100,000 and 1,000,000 users, each contender in a process of its own (so its peak RSS is its own), the
// median of BENCH_RUNS runs (default 3) after a warm-up stream of 20,000 rows in the same process; time as a
// ratio to the hand-written raw driver. BENCH_ENGINES (postgres,sqlite), BENCH_CONTENDERS (file names in stream/)
// and BENCH_STREAM_ROWS (the sizes, default 100000,1000000) narrow the run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Orm } from 'strata-orm';
import { createTables } from './runtime/schema';
import type { Engine, Seen, StreamContender } from './stream/contender';
import { withPostgresSchema } from './support';

const SIZES = (process.env.BENCH_STREAM_ROWS ?? '100000,1000000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const WARM_UP = 20_000;
const CONTENDERS = [
  ['raw', 'RawCursor'], ['raw', 'RawQueryStream'], ['strata', 'StrataStream'], ['typeorm', 'TypeOrmStream'], ['better-sqlite3', 'BetterSqlite3Iterate'],
] as const;

interface ChildTask {
  readonly engine: Engine;
  readonly url: string;
  readonly file: string;
  readonly name: string;
  readonly rows: number;
}

interface ChildResult extends Seen {
  readonly ms: number;
  /** Peak resident set size of the whole process, MB. */
  readonly peakMb: number;
  /** CPU time of the process (user and system) during the timed stream, ms: the client's own work. */
  readonly cpuMs: number;
}

/** A contender of stream/, loaded only in the process that measures it (and to read its name and engines). */
function load(file: string, name: string): StreamContender {
  const Contender = (require(`./stream/${file}`) as Record<string, new () => StreamContender>)[name]!;
  return new Contender();
}

async function child(task: ChildTask): Promise<void> {
  const contender = load(task.file, task.name);
  await contender.open(task.engine, task.url);
  await contender.stream(Math.min(WARM_UP, task.rows));
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const seen = await contender.stream(task.rows);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  await contender.close();
  const result: ChildResult = { ...seen, ms, cpuMs: (used.user + used.system) / 1000, peakMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Runs one measurement in a fresh process. */
function measure(task: ChildTask): ChildResult {
  const run = spawnSync(process.execPath, [join(__dirname, 'run.js'), 'stream'], {
    env: { ...process.env, BENCH_STREAM_CHILD: JSON.stringify(task) }, encoding: 'utf8', maxBuffer: 1 << 20,
  });
  const last = run.stdout.trim().split('\n').pop() ?? '';
  if (run.status !== 0 || !last.startsWith('{')) throw new Error(`${task.name} on ${task.engine} failed (${run.status}):\n${run.stderr}${run.stdout}`);
  return JSON.parse(last) as ChildResult;
}

/** The checksum of users 1..rows as seeded (age = 20 + id % 50). */
function expected(rows: number): Seen {
  let checksum = 0;
  for (let id = 1; id <= rows; id++) checksum = (checksum + id * 31 + 20 + (id % 50)) % 1_000_000_007;
  return { rows, checksum };
}

async function seed(engine: Engine, url: string): Promise<void> {
  const admin = await Orm.connect({ url, entities: [] });
  try {
    await createTables(admin.knex, engine);
    const max = SIZES[SIZES.length - 1]!;
    // Distinct timestamps, as real rows have: every row's datetimes are parsed, none repeats the one before.
    if (engine === 'postgres') {
      await admin.knex.raw(`INSERT INTO users (name, email, age, active, created_at, updated_at)
        SELECT 'User ' || g, 'user' || g || '@example.com', 20 + g % 50, g % 3 <> 0, now() - g * interval '1 second', now() - g * interval '1 second'
        FROM generate_series(1, ${max}) g`);
      await admin.knex.raw('VACUUM ANALYZE users');
    } else {
      await admin.knex.raw(`WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ${max})
        INSERT INTO users (name, email, age, active, created_at, updated_at)
        SELECT 'User ' || n, 'user' || n || '@example.com', 20 + n % 50, n % 3 <> 0, datetime('now', '-' || n || ' seconds'), datetime('now', '-' || n || ' seconds') FROM g`);
    }
  } finally {
    await admin.close();
  }
}

async function runEngine(engine: Engine, url: string): Promise<void> {
  process.stderr.write(`${engine}: seeding ${SIZES[SIZES.length - 1]} users…\n`);
  await seed(engine, url);
  const only = process.env.BENCH_CONTENDERS?.split(',');
  const contenders: { file: string; name: string; label: string }[] = [];
  for (const [file, name] of CONTENDERS.filter(([file]) => !only || only.includes(file))) {
    try {
      const contender = load(file, name);
      if (contender.engines.includes(engine)) contenders.push({ file, name, label: contender.name });
    } catch (error) {
      process.stderr.write(`(skipping ${file}: ${(error as Error).message.split('\n')[0]}; install with npm --prefix bench ci)\n`);
    }
  }
  // Runs go round the contenders, so that a busy moment of the machine falls on all of them alike.
  const results = contenders.map(() => SIZES.map((): ChildResult[] => []));
  for (const [s, rows] of SIZES.entries()) {
    const want = expected(rows);
    for (let i = 0; i < RUNS; i++) {
      for (const [c, { file, name, label }] of contenders.entries()) {
        process.stderr.write(`${engine}: ${label}, ${rows} rows, run ${i + 1}/${RUNS}…\n`);
        const result = measure({ engine, url, file, name, rows });
        if (result.rows !== want.rows || result.checksum !== want.checksum) throw new Error(`${label} on ${engine} saw ${result.rows} rows (checksum ${result.checksum}); expected ${want.rows} (${want.checksum})`);
        results[c]![s]!.push(result);
      }
    }
  }
  const table = contenders.map((c, i) => ({
    name: c.label,
    cells: results[i]!.map((runs) => ({ ...runs[0]!, ms: median(runs.map((r) => r.ms)), cpuMs: median(runs.map((r) => r.cpuMs)), peakMb: median(runs.map((r) => r.peakMb)) })),
  }));
  const raw = table[0]!.cells;
  console.log(`\n${engine} (median of ${RUNS} runs, each in a fresh process after a warm-up stream of ${WARM_UP} rows; time ratio to the hand-written raw driver)`);
  const sizes = SIZES.map((n) => n.toLocaleString('en')).join(' / ');
  console.log(`| contender | ${SIZES.map((n) => `${n.toLocaleString('en')} rows: time (CPU), peak RSS`).join(' | ')} | time ratio (${sizes}) | CPU ratio (${sizes}) |`);
  console.log(`| --- | ${SIZES.map(() => '---').join(' | ')} | --- | --- |`);
  for (const row of table) {
    const cells = row.cells.map((c) => `${c.ms.toFixed(0)} ms (${c.cpuMs.toFixed(0)} ms), ${c.peakMb.toFixed(0)} MB`);
    const ratios = (of: (c: ChildResult) => number): string => row.cells.map((c, i) => `${(of(c) / of(raw[i]!)).toFixed(2)}×`).join(' / ');
    console.log(`| ${row.name} | ${cells.join(' | ')} | ${ratios((c) => c.ms)} | ${ratios((c) => c.cpuMs)} |`);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-stream-'));
  try {
    const only = process.env.BENCH_ENGINES?.split(',');
    if (!only || only.includes('postgres')) await withPostgresSchema('stream', (url) => runEngine('postgres', url));
    if (!only || only.includes('sqlite')) await runEngine('sqlite', `sqlite:${join(dir, 'bench.sqlite3')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const task = process.env.BENCH_STREAM_CHILD;
(task ? child(JSON.parse(task) as ChildTask) : main()).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
