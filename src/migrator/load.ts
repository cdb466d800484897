import type { Knex } from 'knex';
import { registerTypeScript } from '../config/ts-loader';
import type { MigrationFile } from './discover';
import { MigrationError } from './errors';

/** What a migration file exports. */
export interface MigrationModule {
  up(knex: Knex): Promise<unknown>;
  down(knex: Knex): Promise<unknown>;
  /** `transaction: false` runs the file outside a transaction. */
  readonly config?: { readonly transaction?: boolean };
}

/** Loads a migration file (TypeScript included) and checks that it exports `up` and `down`. */
export function loadMigration(file: MigrationFile): MigrationModule {
  registerTypeScript();
  let loaded: Record<string, unknown>;
  try {
    loaded = require(file.path) as Record<string, unknown>;
  } catch (error) {
    throw new MigrationError(`Cannot load the migration ${file.path}: ${describeLoadError(error)}. Nothing was run.`, { cause: error });
  }
  const module = (typeof loaded.up === 'function' ? loaded : (loaded.default as Record<string, unknown> | undefined) ?? loaded) as Partial<MigrationModule>;
  const missing = (['up', 'down'] as const).filter((fn) => typeof module[fn] !== 'function');
  if (missing.length > 0) {
    throw new MigrationError(`The migration ${file.path} does not export ${missing.map((m) => `an async function ${m}(knex)`).join(' and ')}.`);
  }
  if (module.config !== undefined && (typeof module.config !== 'object' || module.config === null)) {
    throw new MigrationError(`The migration ${file.path} exports a config that is not an object; use export const config = { transaction: false }.`);
  }
  return module as MigrationModule;
}

/**
 * One line for a load error. swc reports a syntax error as a drawing of the source; keep its message and
 * position: "Expected '}', got '<eof>' (line 2, column 38)".
 */
export function describeLoadError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const swc = /x\s+(.+?)\s*\n\s*,-\[(?:.*?):(\d+):(\d+)\]/s.exec(message);
  if (swc) return `${swc[1]!.trim()} (line ${swc[2]}, column ${swc[3]})`;
  if (error instanceof SyntaxError && error.stack) {
    const at = /:(\d+)\n/.exec(error.stack);
    return `${message}${at ? ` (line ${at[1]})` : ''}`;
  }
  return message.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 3).join(' ');
}
