import type { Knex } from 'knex';
import type { Dialect } from '../dialects';
import type { MigrationFile } from './discover';
import { historyTime } from './history';
import { StepFailure, StepProgress } from './step-progress';
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
 * neither. Outside a transaction, the steps a file numbers (see StepRunner) are recorded one by one instead. The
 * history is read again inside the unit, under its lock: a migration another process applied (or reverted)
 * meanwhile is skipped, so each runs exactly once.
 */
export async function runMigration(options: RunMigrationOptions): Promise<RunOutcome> {
  const { dialect, knex, module, file, direction, historyTable } = options;
  const warnings: string[] = [];
  const now = options.now ?? (() => new Date());
  const transaction = usesTransaction(dialect, module);
  return dialect.migrations.runUnit(knex, transaction, async (db): Promise<RunOutcome> => {
    const row = (await db(historyTable).where({ name: file.name }).first()) as { batch: number | string; steps_done?: number | string | null } | undefined;
    const partial = row?.steps_done === null || row?.steps_done === undefined ? undefined : Number(row.steps_done);
    // Applied in part (steps recorded): going up, the rest of it runs; going down, what of it was applied.
    if (direction === 'up' ? row !== undefined && partial === undefined : row === undefined) return { status: 'skipped' };
    const start = performance.now();
    // Outside a transaction, a file that numbers its steps has each one recorded as it completes.
    const progress = transaction ? undefined : new StepProgress({
      db, dialect, historyTable, file, direction, batch: row ? Number(row.batch) : options.batch, applied: partial, recorded: row !== undefined, now,
    });
    await runLogged(db, !transaction, () => module[direction](db as Knex, progress?.runner));
    const durationMs = Math.round(performance.now() - start);
    if (direction === 'up') {
      const entry = { batch: options.batch, applied_at: historyTime(dialect, now()), duration_ms: durationMs, checksum: file.checksum };
      // Its row exists when it was applied in part before, or when this run recorded a step of it.
      if (row !== undefined || (progress?.done.length ?? 0) > 0) await db(historyTable).where({ name: file.name }).update({ ...entry, steps_done: null });
      else await db(historyTable).insert({ name: file.name, ...entry });
    } else {
      await db(historyTable).where({ name: file.name }).delete();
    }
    return { status: 'done', durationMs, warnings };
  }, { warn: (message) => warnings.push(message), signal: options.signal });
}

/** Statements kept from each end of a long run, for a failure's message: a data migration may run millions. */
const KEPT_AT_EACH_END = 10;

/**
 * A migration that ran outside a transaction failed, and not in a numbered step (whose progress is recorded): the
 * statements it had completed before, which stay done, for the failure's message to name. Of a long run, the
 * first and last ten are kept, each with its number; `count` says how many completed in all.
 */
export class FailureAfterStatements extends Error {
  override readonly name = 'FailureAfterStatements';
  constructor(readonly count: number, readonly statements: readonly { readonly n: number; readonly sql: string }[], override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/** Runs `fn`; with `logged`, a failure (but a step's) carries the statements completed on `db` before it. */
async function runLogged(db: Knex | Knex.Transaction, logged: boolean, fn: () => Promise<unknown>): Promise<void> {
  if (!logged) {
    await fn();
    return;
  }
  const first: { n: number; sql: string }[] = [];
  const last: { n: number; sql: string }[] = [];
  let count = 0;
  const record = (_response: unknown, query: { sql?: string }): void => {
    if (!query.sql) return;
    const statement = { n: ++count, sql: query.sql };
    if (first.length < KEPT_AT_EACH_END) first.push(statement);
    else if (last.push(statement) > KEPT_AT_EACH_END) last.shift();
  };
  db.on('query-response', record);
  try {
    await fn();
  } catch (error) {
    throw error instanceof StepFailure ? error : new FailureAfterStatements(count, [...first, ...last], error);
  } finally {
    db.off('query-response', record);
  }
}
