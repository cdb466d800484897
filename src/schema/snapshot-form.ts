import type { Schema, Table } from './model';

/**
 * The one form a schema is written to a snapshot in: tables and enums sorted by name, each table's constraints
 * sorted by name, and columns in the table's own order (the order a rebuilt or created table gets them in).
 * Object keys are sorted when printed (stableJson), so equal schemas always print the same text.
 */
export function snapshotForm(schema: Schema): Schema {
  return {
    tables: [...schema.tables].sort(byName).map(snapshotTable),
    enums: [...schema.enums].sort(byName),
  };
}

function snapshotTable(table: Table): Table {
  return {
    ...table,
    uniques: [...table.uniques].sort(byName),
    indexes: [...table.indexes].sort(byName),
    foreignKeys: [...table.foreignKeys].sort(byName),
  };
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
