import type { Knex } from 'knex';
import type { Dialect } from '../dialects';
import type { Table } from '../schema/model';

/** The default name of the table recording applied migrations. */
export const DEFAULT_HISTORY_TABLE = 'strata_migrations';

/** One applied migration, as recorded. */
export interface AppliedMigration {
  readonly name: string;
  readonly batch: number;
  readonly appliedAt: Date;
  readonly durationMs: number;
  readonly checksum: string;
  /**
   * Set while the migration is applied in part, on an engine whose DDL commits by itself: its steps 1 to
   * `stepsDone` are applied, the others not (see StepRunner). Absent once the whole file is applied.
   */
  readonly stepsDone?: number;
}

/** The column recording a migration's step progress, where DDL cannot roll back. */
const PROGRESS_COLUMN = 'steps_done';

const HISTORY_COLUMNS = ['name', 'batch', 'applied_at', 'duration_ms', 'checksum'];

/** Whether a table is a migration history table, whatever its name: it has the columns ensureHistoryTable gives one. */
export function isHistoryTable(table: Table): boolean {
  return HISTORY_COLUMNS.every((name) => table.columns.some((c) => c.name === name));
}

/**
 * Creates the history table when it does not exist yet. Where DDL commits by itself (`dialect` has no
 * transactional DDL), the table also records step progress, and an older table gets that column.
 */
export async function ensureHistoryTable(knex: Knex | Knex.Transaction, dialect: Dialect, table: string): Promise<void> {
  const progress = !dialect.capabilities.transactionalDdl;
  if (await knex.schema.hasTable(table)) {
    if (progress && !(await knex.schema.hasColumn(table, PROGRESS_COLUMN))) {
      await knex.schema.alterTable(table, (t) => void t.integer(PROGRESS_COLUMN).nullable());
    }
    return;
  }
  await knex.schema.createTable(table, (t) => {
    t.string('name', 255).primary(`${table}_pkey`);
    t.integer('batch').notNullable();
    t.datetime('applied_at', { useTz: true }).notNullable();
    t.integer('duration_ms').notNullable();
    t.string('checksum', 64).notNullable();
    if (progress) t.integer(PROGRESS_COLUMN).nullable();
  });
}

/** Applied migrations in the order they were applied; none when the table does not exist yet. */
export async function readHistory(knex: Knex | Knex.Transaction, table: string): Promise<AppliedMigration[]> {
  if (!(await knex.schema.hasTable(table))) return [];
  // Every column: the progress column exists only where DDL commits by itself.
  const rows = (await knex(table).select('*').orderBy([{ column: 'batch' }, { column: 'name' }])) as {
    name: string; batch: number | string; applied_at: Date | string | number; duration_ms: number | string; checksum: string; steps_done?: number | string | null;
  }[];
  return rows.map((r) => ({
    name: r.name,
    batch: Number(r.batch),
    appliedAt: r.applied_at instanceof Date ? r.applied_at : new Date(typeof r.applied_at === 'number' ? r.applied_at : asUtc(String(r.applied_at))),
    durationMs: Number(r.duration_ms),
    checksum: r.checksum,
    ...(r.steps_done === null || r.steps_done === undefined ? {} : { stepsDone: Number(r.steps_done) }),
  }));
}

/** Text of a time that names no zone (as SQLite keeps a datetime) is UTC, as Strata writes it. */
function asUtc(text: string): string {
  return /(?:Z|[+-]\d\d(?::?\d\d)?)$/i.test(text) ? text : `${text.replace(' ', 'T')}Z`;
}

/** A time as the history table's column takes it on the dialect's engine (the driver's own form of a datetime). */
export function historyTime(dialect: Dialect, time: Date): unknown {
  return dialect.runtime.toDb('datetime', time);
}

/**
 * Records that a migration's steps 1 to `stepsDone` are applied and the others not: inserts its row, or updates
 * it (`found`: the row exists); with `stepsDone` 0, deletes it (nothing of it is applied).
 */
export async function recordProgress(knex: Knex | Knex.Transaction, dialect: Dialect, table: string, entry: AppliedMigration & { readonly stepsDone: number }, found: boolean): Promise<void> {
  if (entry.stepsDone === 0) {
    if (found) await knex(table).where({ name: entry.name }).delete();
    return;
  }
  const row = {
    batch: entry.batch, applied_at: historyTime(dialect, entry.appliedAt), duration_ms: entry.durationMs, checksum: entry.checksum, [PROGRESS_COLUMN]: entry.stepsDone,
  };
  if (found) await knex(table).where({ name: entry.name }).update(row);
  else await knex(table).insert({ name: entry.name, ...row });
}

/** Records a migration applied in part as applied whole (`migrate:resolve --applied`, its other steps done by hand). */
export async function recordFinished(knex: Knex | Knex.Transaction, table: string, name: string, checksum: string): Promise<void> {
  await knex(table).where({ name }).update({ [PROGRESS_COLUMN]: null, checksum });
}

/** Records a migration as applied (what a run does once its `up` succeeds; baseline and resolve do it without running it). */
export async function recordApplied(knex: Knex | Knex.Transaction, dialect: Dialect, table: string, entry: AppliedMigration): Promise<void> {
  await knex(table).insert({
    name: entry.name, batch: entry.batch, applied_at: historyTime(dialect, entry.appliedAt), duration_ms: entry.durationMs, checksum: entry.checksum,
  });
}
