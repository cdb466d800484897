import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { MessagePort } from 'node:worker_threads';
import { inNodeModules, isPathSpecifier, moduleFormatOf, shadowingSource, TYPESCRIPT_EXTENSIONS, typeScriptSourceOf } from './source-files';
import { compileTypeScript } from './ts-loader';

/*
 * Node's module customization hooks (module.register) for the user's ES modules: registered by esm-import.ts,
 * they run on Node's loader thread. `resolve` takes `./user.js` to `./user.ts` when only the source exists, and
 * prefers the source to a `.js` that tsc wrote beside it; `load` compiles TypeScript ES modules with swc, as the
 * require hook does for CommonJS ones. What the main thread must hear (an ignored `.js`) goes through `port`.
 */

/** What the loader thread says to the main thread. */
export type HookMessage = { readonly shadowed: string; readonly source: string } | { readonly flushed: number };

interface ResolveContext {
  readonly parentURL?: string;
  readonly conditions: readonly string[];
  readonly importAttributes?: Record<string, string>;
}
interface ResolveResult {
  readonly url: string;
  readonly format?: string | null;
  readonly shortCircuit?: boolean;
}
interface LoadResult {
  readonly format: string;
  readonly source?: string | ArrayBuffer | Uint8Array | null;
  readonly shortCircuit?: boolean;
}

let port: MessagePort | undefined;

export function initialize(data: { port: MessagePort }): void {
  port = data.port;
  // Messages on one port arrive in order: answering a flush after the reports tells the main thread it has them all.
  port.on('message', (message: { flush: number }) => port!.postMessage({ flushed: message.flush } satisfies HookMessage));
  port.unref();
}

export async function resolve(specifier: string, context: ResolveContext, nextResolve: (specifier: string, context: ResolveContext) => Promise<ResolveResult>): Promise<ResolveResult> {
  let resolved: ResolveResult;
  try {
    resolved = await nextResolve(specifier, context);
  } catch (error) {
    const source = (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' ? sourceForMissing(specifier, context.parentURL) : undefined;
    if (source) return { url: pathToFileURL(source).href, shortCircuit: true };
    throw error;
  }
  if (!resolved.url.startsWith('file:')) return resolved;
  const url = new URL(resolved.url);
  const source = shadowingSource(fileURLToPath(url));
  if (!source) return resolved;
  port?.postMessage({ shadowed: fileURLToPath(url), source } satisfies HookMessage);
  return { url: pathToFileURL(source).href + url.search, shortCircuit: true };
}

/** `./user.js` imported from a file of the project, when only `./user.ts` exists. */
function sourceForMissing(specifier: string, parentURL: string | undefined): string | undefined {
  if (!isPathSpecifier(specifier) || !parentURL?.startsWith('file:') || inNodeModules(fileURLToPath(parentURL))) return undefined;
  const url = new URL(specifier, parentURL);
  return url.protocol === 'file:' ? typeScriptSourceOf(fileURLToPath(url)) : undefined;
}

export async function load(url: string, context: object, nextLoad: (url: string, context: object) => Promise<LoadResult>): Promise<LoadResult> {
  if (!url.startsWith('file:')) return nextLoad(url, context);
  const path = fileURLToPath(url);
  if (!TYPESCRIPT_EXTENSIONS.includes(extname(path)) || path.endsWith('.d.ts') || inNodeModules(path)) return nextLoad(url, context);
  // A CommonJS TypeScript file imported from an ES module: Node hands it to require, whose hook compiles it.
  if (moduleFormatOf(path) === 'commonjs') return { format: 'commonjs', shortCircuit: true };
  return { format: 'module', source: compileTypeScript(readFileSync(path, 'utf8'), path, 'module'), shortCircuit: true };
}
