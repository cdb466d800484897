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
}

const HISTORY_COLUMNS = ['name', 'batch', 'applied_at', 'duration_ms', 'checksum'];

/** Whether a table is a migration history table, whatever its name: it has the columns ensureHistoryTable gives one. */
export function isHistoryTable(table: Table): boolean {
  return HISTORY_COLUMNS.every((name) => table.columns.some((c) => c.name === name));
}

/** Creates the history table when it does not exist yet. */
export async function ensureHistoryTable(knex: Knex | Knex.Transaction, table: string): Promise<void> {
  if (await knex.schema.hasTable(table)) return;
  await knex.schema.createTable(table, (t) => {
    t.string('name', 255).primary(`${table}_pkey`);
    t.integer('batch').notNullable();
    t.datetime('applied_at', { useTz: true }).notNullable();
    t.integer('duration_ms').notNullable();
    t.string('checksum', 64).notNullable();
  });
}

/** Applied migrations in the order they were applied; none when the table does not exist yet. */
export async function readHistory(knex: Knex | Knex.Transaction, table: string): Promise<AppliedMigration[]> {
  if (!(await knex.schema.hasTable(table))) return [];
  const rows = (await knex(table).select('name', 'batch', 'applied_at', 'duration_ms', 'checksum').orderBy([{ column: 'batch' }, { column: 'name' }])) as {
    name: string; batch: number | string; applied_at: Date | string | number; duration_ms: number | string; checksum: string;
  }[];
  return rows.map((r) => ({
    name: r.name,
    batch: Number(r.batch),
    appliedAt: r.applied_at instanceof Date ? r.applied_at : new Date(typeof r.applied_at === 'number' ? r.applied_at : asUtc(String(r.applied_at))),
    durationMs: Number(r.duration_ms),
    checksum: r.checksum,
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

/** Records a migration as applied (what a run does once its `up` succeeds; baseline and resolve do it without running it). */
export async function recordApplied(knex: Knex | Knex.Transaction, dialect: Dialect, table: string, entry: AppliedMigration): Promise<void> {
  await knex(table).insert({
    name: entry.name, batch: entry.batch, applied_at: historyTime(dialect, entry.appliedAt), duration_ms: entry.durationMs, checksum: entry.checksum,
  });
}
