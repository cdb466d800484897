import { isAbsolute, relative } from 'node:path';

/**
 * Something the loader worked around and the user should fix. One kind so far: a compiled `.js` file sits
 * beside its TypeScript source (tsc ran without `outDir`); the loader loads the source and ignores the `.js`,
 * which would otherwise make a second copy of every class in it, or a second migration of the same name.
 */
export interface LoaderWarning {
  readonly kind: 'shadowed';
  /** The compiled file that was ignored. */
  readonly file: string;
  /** The TypeScript source loaded instead. */
  readonly source: string;
  /** One sentence; paths inside the working directory are relative to it. */
  readonly message: string;
}

export type LoaderWarningListener = (warning: LoaderWarning) => void;

const listeners = new Set<LoaderWarningListener>();
const reported = new Set<string>();

/**
 * Calls `listener` with each warning of the loader (each file is reported once per process). The CLI prints
 * them through its output; a program that loads files itself may log them.
 * @returns a function that removes the listener.
 * @example onLoaderWarning((w) => console.warn(w.message));
 */
export function onLoaderWarning(listener: LoaderWarningListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Reports that `file` was ignored for its source `source` (once per file). */
export function reportShadowed(file: string, source: string): void {
  if (reported.has(file)) return;
  reported.add(file);
  const shown = (path: string): string => {
    const inside = relative(process.cwd(), path);
    return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
  };
  const warning: LoaderWarning = {
    kind: 'shadowed',
    file,
    source,
    message: `${shown(file)} is ignored: it was compiled beside its source ${shown(source)}, which is loaded instead. ` +
      'Set "outDir" in tsconfig.json so that tsc writes its output elsewhere, and delete the .js files it left beside the sources.',
  };
  for (const listener of listeners) listener(warning);
}
