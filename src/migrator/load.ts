import type { Knex } from 'knex';
import { loadUserFile } from '../config/ts-loader';
import type { MigrationFile } from './discover';
import { MigrationError } from './errors';

/**
 * Runs step `n` of a migration (`description` says what it does) by calling `run`, or skips it when it is
 * already done (or, in `down`, was never done). What `orm db:migrate` passes to the `up` and `down` of a file
 * generated for an engine whose DDL commits by itself, so that it records each step as it completes: a file that
 * fails halfway resumes at the failed step, and is undone step by step. `down` numbers each step after the step
 * of `up` it undoes, and runs them from the highest down.
 */
export type StepRunner = (n: number, description: string, run: () => Promise<void>) => Promise<void>;

/** What a migration file exports. */
export interface MigrationModule {
  up(knex: Knex, step?: StepRunner): Promise<unknown>;
  down(knex: Knex, step?: StepRunner): Promise<unknown>;
  /** `transaction: false` runs the file outside a transaction. */
  readonly config?: { readonly transaction?: boolean };
}

/**
 * Loads a migration file (TypeScript included; an ES module through `import()`, see loadUserFile) and checks
 * that it exports `up` and `down`.
 */
export async function loadMigration(file: MigrationFile): Promise<MigrationModule> {
  const loaded = await loadUserFile<Record<string, unknown>>(file.path, (reason, cause) => new MigrationError(`Cannot load the migration ${file.path}: ${reason}. Nothing was run.`, { cause }));
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
