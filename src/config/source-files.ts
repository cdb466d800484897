import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join, sep } from 'node:path';
import { reportShadowed } from './loader-warnings';

/**
 * The TypeScript extensions a compiled extension stands for, in the order tsc's NodeNext resolution tries them:
 * `./user.js` in a source means `./user.ts` (or `.tsx`), `.mjs` means `.mts`, `.cjs` means `.cts`.
 */
const SOURCE_EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

/** The extensions of TypeScript sources the loader compiles. */
export const TYPESCRIPT_EXTENSIONS: readonly string[] = ['.ts', '.tsx', '.mts', '.cts'];

/**
 * The TypeScript source that the JavaScript path `path` stands for: `user.ts` for `user.js`, `user.mts` for
 * `user.mjs`, `user.cts` for `user.cjs`; undefined when `path` is not JavaScript or no such source exists.
 * It serves two cases: a `.js` import specifier written in a `.ts` file (the NodeNext convention) whose `.js`
 * does not exist, and a `.js` that tsc wrote beside its source (no outDir), which the source then shadows.
 * @example typeScriptSourceOf('/app/entities/user.js') // '/app/entities/user.ts' when that file exists
 */
export function typeScriptSourceOf(path: string, exists: (path: string) => boolean = existsSync): string | undefined {
  const extension = extname(path);
  const base = path.slice(0, path.length - extension.length);
  if (base.endsWith('.d')) return undefined; // a declaration file (user.d.ts) is never what runs
  return SOURCE_EXTENSIONS[extension]?.map((ts) => base + ts).find((candidate) => exists(candidate));
}

/** Whether a file belongs to an installed package, which the loader leaves as its author built it. */
export function inNodeModules(path: string): boolean {
  return path.split(/[\\/]/).includes('node_modules');
}

/**
 * The TypeScript source that shadows the resolved file `path`, when `path` is a project's JavaScript file
 * with its source beside it; otherwise undefined. The loader then loads the source instead (and warns).
 */
export function shadowingSource(path: string, exists: (path: string) => boolean = existsSync): string | undefined {
  return inNodeModules(path) ? undefined : typeScriptSourceOf(path, exists);
}

/** `paths` without the compiled JavaScript files whose TypeScript source is beside them (each reported). */
export function withoutShadowed(paths: readonly string[], exists: (path: string) => boolean = existsSync): string[] {
  return paths.filter((path) => {
    const source = shadowingSource(path, exists);
    if (source) reportShadowed(path, source);
    return !source;
  });
}

/** Whether an import specifier is a path (relative, absolute or a file URL) rather than a package name. */
export function isPathSpecifier(specifier: string): boolean {
  return /^(\.{1,2}([\\/]|$)|[\\/]|[a-zA-Z]:[\\/]|file:)/.test(specifier);
}

export type ModuleFormat = 'module' | 'commonjs';

const packageTypes = new Map<string, ModuleFormat>();

/**
 * How Node (and TypeScript's NodeNext) treats a file: `.mts`/`.mjs` are ES modules, `.cts`/`.cjs` CommonJS,
 * and `.ts`/`.tsx`/`.js` follow the `"type"` of the nearest package.json (CommonJS without one).
 */
export function moduleFormatOf(path: string): ModuleFormat {
  const extension = extname(path);
  if (extension === '.mts' || extension === '.mjs') return 'module';
  if (extension === '.cts' || extension === '.cjs') return 'commonjs';
  return packageTypeOf(dirname(path));
}

/** The `"type"` of the nearest package.json at or above `dir` (which need not exist yet). */
export function packageTypeOf(dir: string): ModuleFormat {
  const cached = packageTypes.get(dir);
  if (cached) return cached;
  let type: ModuleFormat;
  const manifest = join(dir, 'package.json');
  if (existsSync(manifest)) {
    type = readType(manifest);
  } else {
    const parent = dirname(dir);
    type = parent === dir || dir.endsWith(`${sep}node_modules`) ? 'commonjs' : packageTypeOf(parent);
  }
  packageTypes.set(dir, type);
  return type;
}

function readType(manifest: string): ModuleFormat {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type === 'module' ? 'module' : 'commonjs';
  } catch {
    // Node itself fails on a broken package.json when it loads the file; the loader need not say it first.
    return 'commonjs';
  }
}
