import type { Column, DefaultValue, Every, Schema } from '../../schema/model';
import { normalizeDefault } from '../common/defaults';
import { normalizeTable, type TableNormalizer } from '../common/normalize';
import { stripPostgresCast } from './defaults';

/** PostgreSQL's canonical form of a schema (see `SchemaReader.normalize`). */
export function normalizePostgres(schema: Schema): Schema {
  return { tables: schema.tables.map((t) => normalizeTable(TABLE, t)), enums: schema.enums } satisfies Every<Schema>;
}

/** PostgreSQL keeps every name and constraint as written: only columns have more than one way to say the same. */
const TABLE: TableNormalizer = {
  columns: (t) => t.columns.map(normalizeColumn),
  primaryKey: 'keep',
  uniques: 'keep',
  indexes: 'keep',
  foreignKeys: 'keep',
};

function normalizeColumn(column: Column): Column {
  const { default: value, precision, scale, comment, ...rest } = column;
  const out: { -readonly [K in keyof Column]: Column[K] } = { ...rest };
  if (column.type === 'decimal' && precision !== undefined) {
    out.precision = precision;
    out.scale = scale ?? 0;
  }
  // timestamptz without a precision keeps microseconds, which is precision 6.
  if (column.type === 'datetime') out.precision = precision ?? 6;
  const normalized = column.autoIncrement ? undefined : normalizeDefault(value, column.type, stripPostgresCast);
  if (normalized) out.default = column.type === 'datetime' ? currentTimestamp(normalized, out.precision!) : normalized;
  if (comment) out.comment = comment;
  return out;
}

/**
 * A datetime's default of the transaction's start time, as `CURRENT_TIMESTAMP` (what `@CreatedAt` and `@UpdatedAt`
 * write): PostgreSQL documents `now()` and `transaction_timestamp()` as the same function, and a column of p digits
 * rounds CURRENT_TIMESTAMP as `CURRENT_TIMESTAMP(p)` does, yet `pg_get_expr` prints each as it was written. Both sides
 * of a diff pass here, so an entity's `sql('now()')` and a database's CURRENT_TIMESTAMP are one default too.
 * `statement_timestamp()`, `clock_timestamp()` and LOCALTIMESTAMP are other times, and stay as they are.
 */
function currentTimestamp(value: DefaultValue, precision: number): DefaultValue {
  if (value.kind !== 'sql') return value;
  const m = /^(?:(?:now|transaction_timestamp)\s*\(\s*\)|CURRENT_TIMESTAMP\s*\(\s*(\d+)\s*\))$/i.exec(value.expression);
  return m && (m[1] === undefined || Number(m[1]) === precision) ? { kind: 'sql', expression: 'CURRENT_TIMESTAMP' } : value;
}
