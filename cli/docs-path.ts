import { isAbsolute, join, relative } from 'node:path';

/**
 * Where a page of the docs is on this machine: they ship in the package (docs/), so a pointer in a message
 * resolves wherever the package is installed (`node_modules/strata-orm/docs/cli.md` from a project).
 */
export function docsPath(page: string): string {
  const path = join(__dirname, '..', '..', 'docs', page);
  const fromHere = relative(process.cwd(), path);
  return fromHere.startsWith('..') || isAbsolute(fromHere) ? path : fromHere;
}
