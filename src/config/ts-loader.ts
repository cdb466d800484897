import { dirname, resolve } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import type { Options } from '@swc/core';
import { declaredTypeNotes } from './declared-types';
import { importUserModule, registerImportHooks } from './esm-import';
import { reportShadowed } from './loader-warnings';
import { isPathSpecifier, type ModuleFormat, moduleFormatOf, shadowingSource, typeScriptSourceOf } from './source-files';

export { type LoaderWarning, type LoaderWarningListener, onLoaderWarning } from './loader-warnings';

// Loaded on first use: an application that only queries never pays for the compiler and its native binary.
const swc = (): typeof import('@swc/core') => require('@swc/core') as typeof import('@swc/core');
const tsconfigs = (): typeof import('get-tsconfig') => require('get-tsconfig') as typeof import('get-tsconfig');
const pirates = (): typeof import('pirates') => require('pirates') as typeof import('pirates');

/**
 * Lets `require()` and `import()` load the user's TypeScript files (config, entities, migrations, an app)
 * with no build step.
 *
 * It compiles with @swc/core, which needs no TypeScript installation, so it works the same whatever
 * TypeScript version (5.x, 6.x, 7.x) the project has. Decorators follow the project's own tsconfig.json:
 * `experimentalDecorators` (with `emitDecoratorMetadata`, so column types are inferred) or, when that is
 * off, standard decorators; with no tsconfig at all, legacy decorators with metadata, as most ORM
 * projects use. ES modules (`.mts`, or `.ts` in a package with `"type": "module"`) load through Node's
 * module hooks; import them with `import()` once this has run. Does nothing when another loader (ts-node,
 * tsx) already handles `.ts`.
 *
 * It also resolves as TypeScript's NodeNext does: `./user.js` in a source loads `./user.ts` when there is no
 * `user.js`; and a `.js` that tsc compiled beside its source (no `outDir`) is ignored for the source, so that a
 * class is never loaded twice (see onLoaderWarning).
 * @returns a function that removes the require hook (Node cannot remove module hooks once registered).
 * @example registerTypeScript(); const { main } = await import('./app.ts');
 */
export function registerTypeScript(): () => void {
  if (!canHook()) return () => undefined;
  // Node 20 runs `--require` preloads on its module loader's thread as well, where module.register() rejects
  // ("Missing internal module"), ending the process with status 1 and no message. Module hooks registered on the
  // main thread serve every import, so other threads register only the require hook.
  if (isMainThread) registerImportHooks();
  return registerRequireHook();
}

/** Whether `require` is Node's own: not a test runner's module system, nor taken over by ts-node or tsx. */
function canHook(): boolean {
  const extensions = (require as NodeJS.Require | undefined)?.extensions;
  return Boolean(extensions && !extensions['.ts']);
}

/** The CommonJS half of registerTypeScript: compile `.ts` on require, and resolve `.js` paths to sources. */
function registerRequireHook(): () => void {
  // Already handled: by an earlier call, by ts-node or tsx, or by a test runner with its own module system.
  if (!canHook()) return () => undefined;
  process.setSourceMapsEnabled?.(true);
  const removeHook = pirates().addHook((code, filename) => compileTypeScript(code, filename), {
    exts: ['.ts', '.tsx', '.cts', '.mts'],
    ignoreNodeModules: true,
  });
  const restoreResolution = resolveSources();
  return () => {
    removeHook();
    restoreResolution();
  };
}

type ResolveFilename = (request: string, parent: { filename?: string | null } | undefined, ...rest: unknown[]) => string;

/**
 * Wraps Node's CommonJS resolution (`Module._resolveFilename`, the one internal that require hooks such as
 * ts-node and tsx also wrap) so that a project's `.js` paths lead to their TypeScript sources.
 * @returns a function that puts the original back.
 */
function resolveSources(): () => void {
  const Module = require('node:module') as unknown as { _resolveFilename: ResolveFilename };
  const original = Module._resolveFilename;
  Module._resolveFilename = function resolveFilename(this: unknown, request, parent, ...rest) {
    let resolved: string;
    try {
      resolved = original.call(this, request, parent, ...rest);
    } catch (error) {
      const source = (error as { code?: string }).code === 'MODULE_NOT_FOUND' && isPathSpecifier(request) && parent?.filename
        ? typeScriptSourceOf(resolve(dirname(parent.filename), request))
        : undefined;
      if (source) return source;
      throw error;
    }
    const source = shadowingSource(resolved);
    if (!source) return resolved;
    reportShadowed(resolved, source);
    return source;
  };
  return () => {
    Module._resolveFilename = original;
  };
}

/**
 * Loads a user's file (TypeScript included) as Node would run it: an ES module (`.mts`, `.mjs`, or `.ts` and
 * `.js` in a package with `"type": "module"`) through `import()`, so top-level await and `import.meta` work;
 * CommonJS through `require`. A failure to load it becomes `fail(reason)`, the reason one line.
 * @returns the module's exports (for an ES module, its namespace: `default` and the named exports).
 */
export async function loadUserFile<T>(path: string, fail: (reason: string, cause: unknown) => Error): Promise<T> {
  registerRequireHook();
  const format = moduleFormatOf(path);
  try {
    return (format === 'module' ? await importUserModule(path) : require(path)) as T;
  } catch (error) {
    throw fail(format === 'commonjs' && usesTopLevelAwait(error) ? TOP_LEVEL_AWAIT : describeLoadError(error) + cycleHint(error), error);
  }
}

/**
 * In an ES module cycle, decorator metadata that names a class (`user?: User`) reads it before it is defined;
 * `Relation<User>` is a type alias, so the metadata says Object and reads nothing.
 */
function cycleHint(error: unknown): string {
  const name = error instanceof ReferenceError ? /^Cannot access '([\w$]+)' before initialization/.exec(error.message)?.[1] : undefined;
  return name ? `. If ${name} is a related entity in a cycle of imports, type the relation property Relation<${name}> (import type { Relation } from 'strata-orm')` : '';
}

const TOP_LEVEL_AWAIT = 'it uses top-level await, which only an ES module can: set "type": "module" in package.json, or give the file the extension .mts';

/** Node 20.19+ says ERR_REQUIRE_ASYNC_MODULE (it retried the file as ESM); earlier versions, a SyntaxError. */
function usesTopLevelAwait(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return code === 'ERR_REQUIRE_ASYNC_MODULE' || (error instanceof SyntaxError && /await is only valid in async functions and the top level bodies of modules/.test(message ?? ''));
}

/**
 * One line for a load error. swc reports a syntax error as a drawing of the source; keep its message and
 * position: "Expected '}', got '<eof>' (line 2, column 38)".
 */
function describeLoadError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const swc = /x\s+(.+?)\s*\n\s*,-\[(?:.*?):(\d+):(\d+)\]/s.exec(message);
  if (swc) return `${swc[1]!.trim()} (line ${swc[2]}, column ${swc[3]})`;
  if (error instanceof SyntaxError && error.stack) {
    const at = /:(\d+)\n/.exec(error.stack);
    return `${message}${at ? ` (line ${at[1]})` : ''}`;
  }
  return message.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 3).join(' ');
}

export type DecoratorSettings = { legacy: true; metadata: boolean } | { legacy: false };

/** The decorator flavour of the tsconfig.json that governs `directory`. */
export function decoratorSettings(directory: string): DecoratorSettings {
  const found = tsconfigs().getTsconfig(directory);
  if (!found) return { legacy: true, metadata: true };
  const options = found.config.compilerOptions ?? {};
  return options.experimentalDecorators ? { legacy: true, metadata: options.emitDecoratorMetadata === true } : { legacy: false };
}

/**
 * One TypeScript file as CommonJS (for require) or as an ES module (for import), with an inline source map so
 * stack traces point at the .ts lines.
 */
export function compileTypeScript(code: string, filename: string, format: ModuleFormat = 'commonjs'): string {
  const decorators = decoratorSettings(dirname(filename));
  const options: Options = {
    filename,
    sourceMaps: 'inline',
    swcrc: false,
    configFile: false,
    jsc: {
      parser: { syntax: 'typescript', tsx: filename.endsWith('x'), decorators: true },
      target: 'es2022',
      keepClassNames: true,
      transform: decorators.legacy
        ? { legacyDecorator: true, decoratorMetadata: decorators.metadata, useDefineForClassFields: true }
        : { decoratorVersion: '2022-03', useDefineForClassFields: true },
    },
    module: format === 'module' ? { type: 'es6' } : { type: 'commonjs', ignoreDynamic: true },
  };
  const compiled = swc().transformSync(code, options).code;
  return decorators.legacy ? withDeclaredTypes(compiled, declaredTypeNotes(code, filename)) : compiled;
}

/** The notes go after the module's classes, and before the source map comment, which must stay last. */
function withDeclaredTypes(compiled: string, notes: string): string {
  if (notes === '') return compiled;
  const map = compiled.lastIndexOf('\n//# sourceMappingURL=');
  return map < 0 ? compiled + notes : compiled.slice(0, map) + notes + compiled.slice(map);
}
