import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { ConfigError } from '../config/errors';
import { withoutShadowed } from '../config/source-files';
import { migrationChecksum, rawChecksum } from './checksum';
import { MigrationError } from './errors';

/** A migration file on disk. */
export interface MigrationFile {
  /** The file name without its extension: what the history records. */
  readonly name: string;
  readonly path: string;
  /** sha256 of the file's normalized text, hex (see migrationChecksum): what the history records. */
  readonly checksum: string;
  /** sha256 of the file's bytes as they are, which earlier versions recorded: it matches too. */
  readonly rawChecksum: string;
}

/** Whether a checksum recorded in the history is this file's, as it is now or as earlier versions took it. */
export function checksumMatches(file: MigrationFile, recorded: string): boolean {
  return recorded === file.checksum || recorded === file.rawChecksum;
}

const EXTENSIONS = new Set(['.ts', '.js', '.cjs', '.mjs', '.cts', '.mts']);

/**
 * The migration files of a directory, in lexical (so chronological) order. A `.js` that tsc compiled beside
 * its `.ts` (`.mjs` beside `.mts`, `.cjs` beside `.cts`) is not a second migration: it is left out, and reported
 * through onLoaderWarning.
 */
export function discoverMigrations(dir: string): MigrationFile[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ConfigError(`The migrations directory ${dir} does not exist; create it, run \`orm init\`, or point --migrations-dir at the right one.`);
  }
  const names = readdirSync(dir).filter((f) => EXTENSIONS.has(extname(f)) && !f.endsWith('.d.ts') && !f.startsWith('.'));
  const files = withoutShadowed(names.map((f) => join(dir, f)), (path) => names.includes(basename(path)))
    .map((path) => basename(path))
    .sort();
  const seen = new Map<string, string>();
  return files.map((file) => {
    const name = migrationName(file);
    const other = seen.get(name);
    if (other) throw new MigrationError(`Two migration files are both named ${name}: ${other} and ${file}; delete one.`);
    seen.set(name, file);
    const path = join(dir, file);
    const bytes = readFileSync(path);
    return { name, path, checksum: migrationChecksum(bytes), rawChecksum: rawChecksum(bytes) };
  });
}

/** A migration's name: its file name without the extension (`--to` takes either). */
export function migrationName(file: string): string {
  return EXTENSIONS.has(extname(file)) ? basename(file, extname(file)) : file;
}
