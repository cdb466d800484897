import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { Orm } from 'strata-orm';
import type { Engine } from './contender';
import { analyzeTables, createTables, emptyTables } from './schema';
import type { ContenderSpec, Reply, Request } from './worker';
import { seedOrders, seedPosts, type Timing, USERS, WORKLOADS } from './workloads';

type Knex = Orm['knex'];

/** BENCH_VERBOSE=1 writes each turn's times (ms, W1 to W8) to stderr. */
const VERBOSE = process.env.BENCH_VERBOSE === '1';

export interface Measured {
  name: string;
  /** Each workload's median elapsed time in ms; NaN for one the contender leaves out. */
  medians: number[];
  /** Each workload's median CPU time of the contender's process in ms (the server's work is not in it). */
  cpuMedians: number[];
}

/**
 * Times each workload of each contender `runs` times after one warm-up run, from empty tables each time; returns
 * the medians of the contenders that could be loaded, in the order given. Each contender runs in a process of its
 * own, so that no other library's heap or caches weigh on its times, and they take turns within a run, each run
 * starting with the next one, so that the server warming up, or the machine's load changing, weighs on all alike.
 */
export async function measure(specs: readonly ContenderSpec[], engine: Engine, url: string, runs: number): Promise<Measured[]> {
  // Strata's own knex, whatever bench/node_modules holds (MikroORM brings another copy).
  const admin = await Orm.connect({ url, entities: [] });
  const knex = admin.knex;
  const contenders: RemoteContender[] = [];
  try {
    await createTables(knex, engine);
    await seedOrders(knex);
    for (const spec of specs) {
      const started = await RemoteContender.start(spec, engine, url);
      if (started instanceof RemoteContender) contenders.push(started);
      else if (started) console.error(`(skipping ${started})`);
    }
    process.stderr.write(`${engine}: ${contenders.map((c) => c.name).join(', ')}, each in its own process, taking turns\n`);
    const samples: Timing[][][] = contenders.map(() => WORKLOADS.map(() => []));
    for (let run = 0; run <= runs; run++) {
      process.stderr.write(`${engine}: run ${run === 0 ? 'warm-up' : `${run} of ${runs}`}\n`);
      for (let turn = 0; turn < contenders.length; turn++) {
        const index = (run + turn) % contenders.length;
        const times = await runOnce(contenders[index]!, knex, engine);
        if (VERBOSE) process.stderr.write(`  ${contenders[index]!.name}: ${times.map((t) => t.wall.toFixed(1)).join(' ')}\n`);
        if (run > 0) times.forEach((t, i) => samples[index]![i]!.push(t));
      }
    }
    return contenders.map((contender, i) => ({
      name: contender.name,
      medians: samples[i]!.map((timings) => median(timings.map((t) => t.wall))),
      cpuMedians: samples[i]!.map((timings) => median(timings.map((t) => t.cpu))),
    }));
  } finally {
    for (const contender of contenders) await contender.close().catch(() => undefined);
    await admin.close();
  }
}

/** W1–W8 once, from empty tables, with fresh statistics after W1 and the posts; their times in ms (NaN for a workload the contender leaves out). */
async function runOnce(contender: RemoteContender, knex: Knex, engine: Engine): Promise<Timing[]> {
  await emptyTables(knex, engine);
  const times = [await contender.time(0)];
  if ((await knex('users').count({ n: '*' }))[0]!.n != USERS.length) throw new Error(`${contender.name}: W1 did not insert ${USERS.length} users`);
  await seedPosts(knex);
  await analyzeTables(knex, engine);
  for (let workload = 1; workload < WORKLOADS.length; workload++) times.push(await contender.time(workload));
  return times;
}

/** A contender in its own process (worker.ts), which answers one request at a time. */
class RemoteContender {
  private constructor(
    private readonly child: ChildProcess,
    readonly name: string,
  ) {}

  /** The contender, opened; or why it was skipped (undefined when it does not run on this engine). */
  static async start(spec: ContenderSpec, engine: Engine, url: string): Promise<RemoteContender | string | undefined> {
    const child = fork(join(__dirname, 'worker.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execPath: spec.node ?? process.execPath });
    try {
      const reply = await ask(child, { kind: 'open', spec, engine, url });
      // A contender on another Node.js than the harness's says which.
      if (reply.kind === 'opened') return new RemoteContender(child, spec.node ? `${reply.name} on Node ${reply.node.slice(1)}` : reply.name);
      child.kill();
      return reply.kind === 'skipped' ? reply.reason : `${spec.module}: unexpected reply ${reply.kind}`;
    } catch (error) {
      child.kill();
      throw error;
    }
  }

  async time(workload: number): Promise<Timing> {
    const reply = await ask(this.child, { kind: 'time', workload });
    if (reply.kind !== 'timed') throw new Error(`${this.name}: unexpected reply ${reply.kind}`);
    return reply.timing ?? { wall: NaN, cpu: NaN };
  }

  async close(): Promise<void> {
    if (this.child.connected) await ask(this.child, { kind: 'close' });
  }
}

/** Sends one request and waits for its reply; a failure in the contender's process, or its end, rejects. */
function ask(child: ChildProcess, request: Request): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: Reply) => {
      child.off('exit', onExit);
      if (reply.kind === 'failed') reject(new Error(reply.message));
      else resolve(reply);
    };
    const onExit = (code: number | null, signal: string | null) => {
      child.off('message', onMessage);
      reject(new Error(`the contender's process ended (${signal ?? `exit code ${code}`}) before answering ${request.kind}`));
    };
    child.once('message', onMessage);
    child.once('exit', onExit);
    child.send(request);
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
