import { pathToFileURL } from 'node:url';

/**
 * A real dynamic `import()`. This package is compiled to CommonJS, where tsc would turn `import(x)` into
 * `require(x)`, which cannot load an ES module with top-level await; a function made at run time keeps it.
 */
const nativeImport = new Function('url', 'return import(url)') as (url: string) => Promise<Record<string, unknown>>;

let registered = false;

/**
 * Imports an ES module of the user's (TypeScript included: esm-hooks.ts compiles it), registering the loader
 * hooks on first use.
 * @returns the module namespace.
 */
export async function importUserModule(path: string): Promise<Record<string, unknown>> {
  registerImportHooks();
  return nativeImport(pathToFileURL(path).href);
}

/** Registers esm-hooks.ts with Node (once per process): from then on, `import()` loads TypeScript too. */
export function registerImportHooks(): void {
  if (registered) return;
  const { register } = require('node:module') as { register?: (specifier: string, options?: object) => void };
  if (!register) throw new Error(`loading ES modules needs Node.js 20.6 or later (this is ${process.version})`);
  register(pathToFileURL(require.resolve('./esm-hooks')).href);
  registered = true;
}
