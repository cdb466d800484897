import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inNodeModules, isPathSpecifier, moduleFormatOf, TYPESCRIPT_EXTENSIONS, typeScriptSourceOf } from './source-files';
import { compileTypeScript } from './ts-loader';

/*
 * Node's module customization hooks (module.register) for the user's ES modules: registered by esm-import.ts,
 * they run on Node's loader thread. `resolve` takes `./user.js` to `./user.ts` when only the source exists;
 * `load` compiles TypeScript ES modules with swc, as the require hook does for CommonJS ones.
 */

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

export async function resolve(specifier: string, context: ResolveContext, nextResolve: (specifier: string, context: ResolveContext) => Promise<ResolveResult>): Promise<ResolveResult> {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const source = (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' ? sourceForMissing(specifier, context.parentURL) : undefined;
    if (source) return { url: pathToFileURL(source).href, shortCircuit: true };
    throw error;
  }
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
