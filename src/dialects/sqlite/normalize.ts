import { findEnum } from '../../schema/lookup';
import type { Column, Enum, Every, Schema, Table } from '../../schema/model';
import { enumName, foreignKeyName, primaryKeyName } from '../../schema/names';
import { normalizeDefault } from '../common/defaults';
import { normalizeTable, type TableNormalizer } from '../common/normalize';

/**
 * SQLite's canonical form of a schema (see `SchemaReader.normalize`). SQLite keeps no names for primary and
 * foreign keys, no comments and no fractional-second precision, and AUTOINCREMENT requires INTEGER; a table's one
 * INTEGER primary key is assigned by SQLite whatever it declares; enums are CHECK constraints named after their
 * column. The model is brought to exactly what SQLite can hold. `read`: the schema was read from a database, which
 * says itself which keys SQLite assigns.
 */
export function normalizeSqlite(schema: Schema, options: { readonly read?: boolean } = {}): Schema {
  const enums: Enum[] = [];
  const normalizer: TableNormalizer = {
    columns: (t) => t.columns.map((c) => {
      // A schema read from the database says which keys are rowids (see introspect.ts); one to create makes them so.
      const column = normalizeColumn(!options.read && rowidAlias(c, t) ? { ...c, autoIncrement: true } : c, t.name);
      if (column.enum) enums.push({ name: column.enum, values: findEnum(schema, c.enum!)?.values ?? [] });
      return column;
    }),
    primaryKey: (t) => t.primaryKey && { ...t.primaryKey, name: primaryKeyName(t.name) },
    uniques: 'keep',
    indexes: 'keep',
    foreignKeys: (t) => t.foreignKeys.map((fk) => ({ ...fk, name: foreignKeyName(t.name, fk.columns) })),
  };
  const tables = schema.tables.map((t) => normalizeTable(normalizer, t));
  return { tables, enums } satisfies Every<Schema>;
}

/**
 * The table's one integer primary key, which Strata creates as INTEGER and SQLite makes its rowid, assigned when a
 * row gives none, whether it was declared with AUTOINCREMENT or not (`autoIncrement: false` only makes TypeScript
 * ask for it on insert): auto-incremented either way.
 */
function rowidAlias(column: Column, table: Table): boolean {
  return column.type === 'integer' && table.primaryKey?.columns.length === 1 && table.primaryKey.columns[0] === column.name;
}

function normalizeColumn(column: Column, table: string): Column {
  const { default: value, precision, scale, comment: _comment, enum: enumRef, ...rest } = column;
  const out: { -readonly [K in keyof Column]: Column[K] } = { ...rest };
  if (column.autoIncrement && column.type === 'bigint') out.type = 'integer';
  const normalized = normalizeDefault(value, column.type);
  if (normalized && !column.autoIncrement) out.default = normalized;
  if (column.type === 'decimal' && precision !== undefined) {
    out.precision = precision;
    out.scale = scale ?? 0;
  }
  if (enumRef !== undefined) out.enum = enumName(table, column.name);
  return out;
}
