import type { Column, Schema } from '../../schema/model';
import { normalizeDefault } from '../common/defaults';
import { stripPostgresCast } from './defaults';

/** PostgreSQL's canonical form of a schema (see `Dialect.normalize`). */
export function normalizePostgres(schema: Schema): Schema {
  return {
    ...schema,
    tables: schema.tables.map((t) => ({ ...t, columns: t.columns.map(normalizeColumn) })),
  };
}

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
