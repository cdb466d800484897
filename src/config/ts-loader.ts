import { dirname } from 'node:path';
import type { Options } from '@swc/core';
import { declaredTypeNotes } from './declared-types';

// Loaded on first use: an application that only queries never pays for the compiler and its native binary.
const swc = (): typeof import('@swc/core') => require('@swc/core') as typeof import('@swc/core');
const tsconfigs = (): typeof import('get-tsconfig') => require('get-tsconfig') as typeof import('get-tsconfig');
const pirates = (): typeof import('pirates') => require('pirates') as typeof import('pirates');

/**
 * Lets `require()` load the user's TypeScript files (config, entities, migrations) with no build step.
 *
 * It compiles with @swc/core, which needs no TypeScript installation, so it works the same whatever
 * TypeScript version (5.x, 6.x, 7.x) the project has. Decorators follow the project's own tsconfig.json:
 * `experimentalDecorators` (with `emitDecoratorMetadata`, so column types are inferred) or, when that is
 * off, standard decorators; with no tsconfig at all, legacy decorators with metadata, as most ORM
 * projects use. Does nothing when another loader (ts-node, tsx) already handles `.ts`.
 * @returns a function that removes the hook.
 */
export function registerTypeScript(): () => void {
  // Already handled: by an earlier call, by ts-node or tsx, or by a test runner with its own module system.
  const extensions = (require as NodeJS.Require | undefined)?.extensions;
  if (!extensions || extensions['.ts']) return () => undefined;
  process.setSourceMapsEnabled?.(true);
  return pirates().addHook((code, filename) => compileTypeScript(code, filename), {
    exts: ['.ts', '.tsx', '.cts', '.mts'],
    ignoreNodeModules: true,
  });
}

/** Requires a user's file (TypeScript included); a failure to load it becomes `fail(reason)`, the reason one line. */
export function requireUserFile<T>(path: string, fail: (reason: string, cause: unknown) => Error): T {
  registerTypeScript();
  try {
    return require(path) as T;
  } catch (error) {
    throw fail(describeLoadError(error), error);
  }
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

/** One TypeScript file as CommonJS, with an inline source map so stack traces point at the .ts lines. */
export function compileTypeScript(code: string, filename: string): string {
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
    module: { type: 'commonjs', ignoreDynamic: true },
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
