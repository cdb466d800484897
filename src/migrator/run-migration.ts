import type { Knex } from 'knex';
import type { Dialect } from '../dialects';
import type { MigrationFile } from './discover';
import type { MigrationModule } from './load';

export type Direction = 'up' | 'down';

export interface RunMigrationOptions {
  readonly knex: Knex;
  readonly dialect: Dialect;
  readonly historyTable: string;
  readonly file: MigrationFile;
  readonly module: MigrationModule;
  readonly direction: Direction;
  /** The batch recorded for `up`. */
  readonly batch: number;
  readonly now?: () => Date;
  /** Interrupts the migration: see MigratorOptions.signal. */
  readonly signal?: AbortSignal;
}

/** Whether a migration runs in a transaction: where the engine has transactional DDL, unless the file opts out. */
export function usesTransaction(dialect: Dialect, module: MigrationModule): boolean {
  return dialect.capabilities.transactionalDdl && module.config?.transaction !== false;
}

/**
 * What running one migration did: `skipped` when another process had already done it. `warnings`: problems
 * found that did not stop it (on SQLite, rows that referenced missing rows before it and still do).
 */
export type RunOutcome = { readonly status: 'done'; readonly durationMs: number; readonly warnings: readonly string[] } | { readonly status: 'skipped' };

/**
 * Runs one migration in one direction and records it, both in the same transaction where the engine has
 * transactional DDL (unless the file opts out), so that a crash leaves it either applied and recorded or
 * neither. The history is read again inside the unit, under its lock: a migration another process applied
 * (or reverted) meanwhile is skipped, so each runs exactly once.
 */
export async function runMigration(options: RunMigrationOptions): Promise<RunOutcome> {
  const { dialect, knex, module, file, direction, historyTable } = options;
  const warnings: string[] = [];
  return dialect.migrations.runUnit(knex, usesTransaction(dialect, module), async (db): Promise<RunOutcome> => {
    const recorded = (await db(historyTable).where({ name: file.name }).first()) !== undefined;
    if (recorded === (direction === 'up')) return { status: 'skipped' };
    const start = performance.now();
    await module[direction](db as Knex);
    const durationMs = Math.round(performance.now() - start);
    if (direction === 'up') {
      await db(historyTable).insert({
        name: file.name,
        batch: options.batch,
        applied_at: ((options.now ?? (() => new Date()))()).toISOString(),
        duration_ms: durationMs,
        checksum: file.checksum,
      });
    } else {
      await db(historyTable).where({ name: file.name }).delete();
    }
    return { status: 'done', durationMs, warnings };
  }, { warn: (message) => warnings.push(message), signal: options.signal });
}
