import { pathToFileURL } from 'node:url';
import type { MessagePort } from 'node:worker_threads';
import type { HookMessage } from './esm-hooks';
import { reportShadowed } from './loader-warnings';

/**
 * A real dynamic `import()`. This package is compiled to CommonJS, where tsc would turn `import(x)` into
 * `require(x)`, which cannot load an ES module with top-level await; a function made at run time keeps it.
 */
const nativeImport = new Function('url', 'return import(url)') as (url: string) => Promise<Record<string, unknown>>;

export interface Hooks {
  readonly port: MessagePort;
  readonly flushes: Map<number, () => void>;
  next: number;
}

let hooks: Hooks | undefined;

/**
 * Imports an ES module of the user's (TypeScript included: esm-hooks.ts compiles it), registering the loader
 * hooks on first use, and waits until every warning the loader thread raised while importing it was reported.
 * @returns the module namespace.
 */
export async function importUserModule(path: string): Promise<Record<string, unknown>> {
  const registered = registerImportHooks();
  try {
    return await nativeImport(pathToFileURL(path).href);
  } finally {
    await flush(registered);
  }
}

/** Registers esm-hooks.ts with Node (once per process): from then on, `import()` loads TypeScript too. */
export function registerImportHooks(): Hooks {
  if (hooks) return hooks;
  const { register } = require('node:module') as { register?: (specifier: string, options: object) => void };
  if (!register) throw new Error(`loading ES modules needs Node.js 20.6 or later (this is ${process.version})`);
  const { MessageChannel } = require('node:worker_threads') as typeof import('node:worker_threads');
  const { port1, port2 } = new MessageChannel();
  const state: Hooks = { port: port1, flushes: new Map(), next: 0 };
  port1.on('message', (message: HookMessage) => {
    if ('shadowed' in message) reportShadowed(message.shadowed, message.source);
    else state.flushes.get(message.flushed)?.();
  });
  port1.unref();
  register(pathToFileURL(require.resolve('./esm-hooks')).href, { data: { port: port2 }, transferList: [port2] });
  hooks = state;
  return state;
}

/** Resolves once the loader thread has answered, so after every message it sent before. */
function flush(state: Hooks): Promise<void> {
  const id = state.next++;
  state.port.ref();
  return new Promise((done) => {
    state.flushes.set(id, () => {
      state.flushes.delete(id);
      if (state.flushes.size === 0) state.port.unref();
      done();
    });
    state.port.postMessage({ flush: id });
  });
}
