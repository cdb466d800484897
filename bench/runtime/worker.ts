// One contender of the runtime benchmark, in a process of its own (forked by harness.ts through worker.js), so that
// no other library's heap, caches or JIT state weighs on its times. It answers the harness's messages one at a time.
import type { Contender, Engine } from './contender';
import { type Timing, timeWorkload } from './workloads';

/**
 * Which contender to load: a module of bench/runtime/, the class it exports, the arguments of its constructor, and
 * the Node.js binary its process runs on (this one when absent).
 */
export interface ContenderSpec {
  module: string;
  export: string;
  args?: unknown[];
  node?: string;
}

export type Request = { kind: 'open'; spec: ContenderSpec; engine: Engine; url: string } | { kind: 'time'; workload: number } | { kind: 'close' };

export type Reply =
  | { kind: 'opened'; name: string; node: string }
  | { kind: 'skipped'; reason?: string }
  | { kind: 'timed'; timing: Timing | null }
  | { kind: 'closed' }
  | { kind: 'failed'; message: string };

let contender: Contender | undefined;

async function answer(request: Request): Promise<Reply> {
  switch (request.kind) {
    case 'open': {
      const { spec, engine, url } = request;
      try {
        const Class = (require(`./${spec.module}`) as Record<string, new (...args: unknown[]) => Contender>)[spec.export]!;
        contender = new Class(...(spec.args ?? []));
      } catch (error) {
        return { kind: 'skipped', reason: `${spec.module}: ${(error as Error).message.split('\n')[0]}; install with npm --prefix bench ci` };
      }
      if (contender.engines && !contender.engines.includes(engine)) return { kind: 'skipped' };
      await contender.open(engine, url);
      return { kind: 'opened', name: contender.name, node: process.version };
    }
    case 'time':
      return { kind: 'timed', timing: await timeWorkload(contender!, request.workload) };
    case 'close':
      await contender?.close();
      return { kind: 'closed' };
  }
}

function reply(message: Reply, then?: () => void): void {
  process.send!(message, undefined, {}, then);
}

process.on('message', (request: Request) => {
  answer(request).then(
    (message) => reply(message, () => request.kind === 'close' && process.disconnect?.()),
    (error: Error) => reply({ kind: 'failed', message: error.stack ?? String(error) }),
  );
});
