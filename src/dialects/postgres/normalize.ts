import type { Column, Every, Schema } from '../../schema/model';
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
  const normalized = column.autoIncrement ? undefined : normalizeDefault(value, column.type, stripPostgresCast);
  if (normalized) out.default = normalized;
  if (column.type === 'decimal' && precision !== undefined) {
    out.precision = precision;
    out.scale = scale ?? 0;
  }
  // timestamptz without a precision keeps microseconds, which is precision 6.
  if (column.type === 'datetime') out.precision = precision ?? 6;
  if (comment) out.comment = comment;
  return out;
}
