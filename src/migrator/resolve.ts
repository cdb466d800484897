import { type DataLossGuardOptions, DataLossError } from './data-loss';
import { discoverMigrations } from './discover';
import { MigrationError } from './errors';
import { ensureHistoryTable, readHistory, recordApplied, recordFinished } from './history';
import { historyTableOf, lockTimeoutOf, type MigratorOptions } from './migrator';
import { pendingMigrations } from './pending';
import { findTarget } from './target';

/** Which way to mark a migration by hand: exactly one of the two. */
export type ResolveTarget =
  | { readonly applied: string; readonly rolledBack?: undefined }
  | { readonly rolledBack: string; readonly applied?: undefined };

/** What resolveMigration recorded. */
export interface ResolvedMigration {
  readonly name: string;
  /** `applied`: recorded as applied, without running its up; `rolled-back`: its record removed, without running its down. */
  readonly status: 'applied' | 'rolled-back';
  /** `rolled-back` only: the migration's file is gone (a branch's migration rebased away), so nothing runs it again. */
  readonly fileGone?: boolean;
}

/**
 * Marks a migration by hand after a failure fixed outside Strata: `applied` records a pending migration as applied
 * without running it (its changes were made by hand); `rolledBack` removes an applied migration's record without
 * running its `down` (its changes were undone by hand), so that `db:migrate` runs it again. In production
 * (`NODE_ENV=production`), without `force`, a DataLossError refuses it: the history then says what nobody checked.
 * @example await resolveMigration(options, { applied: '20261122093000-add-users' });
 */
export async function resolveMigration(options: MigratorOptions, target: ResolveTarget, guard: DataLossGuardOptions = {}): Promise<ResolvedMigration> {
  const historyTable = historyTableOf(options);
  const files = discoverMigrations(options.migrationsDir);
  return options.dialect.migrations.withMigrationLock(options.knex, { key: historyTable, timeoutMs: lockTimeoutOf(options), signal: options.signal }, async () => {
    await ensureHistoryTable(options.knex, options.dialect, historyTable);
    const history = await readHistory(options.knex, historyTable);
    if (target.applied !== undefined) {
      const pending = pendingMigrations(files, history);
      // Applied in part (a step failed where DDL commits by itself), and the rest done by hand: recorded whole.
      const partial = files.filter((f) => history.some((h) => h.name === f.name && h.stepsDone !== undefined));
      if (history.some((h) => h.name === target.applied && h.stepsDone === undefined)) throw new MigrationError(`${target.applied} is already applied; nothing was recorded.`);
      const candidates = [...pending, ...partial.filter((f) => !pending.includes(f))];
      const file = candidates[findTarget(target.applied, candidates.map((f) => f.name), 'pending', '--applied')]!;
      const done = history.find((h) => h.name === file.name)?.stepsDone;
      if (done !== undefined) {
        refuseInProduction(`Marking ${file.name} as applied`, `records its steps after step ${done} applied without running them, so the database must already hold what they do`, guard);
        await recordFinished(options.knex, historyTable, file.name, file.checksum);
        return { name: file.name, status: 'applied' };
      }
      refuseInProduction(`Marking ${file.name} as applied`, 'records it applied without running it, so the database must already hold what its up does', guard);
      await recordApplied(options.knex, options.dialect, historyTable, {
        name: file.name, batch: Math.max(0, ...history.map((h) => h.batch)) + 1,
        appliedAt: (options.now ?? (() => new Date()))(), durationMs: 0, checksum: file.checksum,
      });
      return { name: file.name, status: 'applied' };
    }
    const applied = history.map((h) => h.name);
    const name = applied[findTarget(target.rolledBack, applied, 'applied', '--rolled-back')]!;
    refuseInProduction(`Marking ${name} as rolled back`, 'removes its record without running its down, so the next `orm db:migrate` runs it again on a database that must no longer hold what it did', guard);
    await options.knex(historyTable).where({ name }).delete();
    return { name, status: 'rolled-back', ...(files.some((f) => f.name === name) ? {} : { fileGone: true }) };
  });
}

function refuseInProduction(operation: string, risk: string, guard: DataLossGuardOptions): void {
  if (guard.force || (guard.env ?? process.env).NODE_ENV !== 'production') return;
  throw new DataLossError(operation, { tables: [], columns: [], unmeasured: risk }, risk);
}
