import type { Column, Enum, Schema, Table } from './model';

export function findTable(schema: Schema, name: string): Table | undefined {
  return schema.tables.find((t) => t.name === name);
}

export function findColumn(table: Table, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}

export function findEnum(schema: Schema, name: string): Enum | undefined {
  return schema.enums.find((e) => e.name === name);
}

/** The table, or an error naming it: for code paths where its absence is a bug upstream. */
export function getTable(schema: Schema, name: string): Table {
  const found = findTable(schema, name);
  if (!found) throw new Error(`Table "${name}" is not in the schema.`);
  return found;
}

export function getEnum(schema: Schema, name: string): Enum {
  const found = findEnum(schema, name);
  if (!found) throw new Error(`Enum "${name}" is not in the schema.`);
  return found;
}

/** Every (table, column) pair whose column takes its values from the named enum. */
export function columnsUsingEnum(schema: Schema, enumName: string): { table: Table; column: Column }[] {
  return schema.tables.flatMap((table) =>
    table.columns.filter((c) => c.enum === enumName).map((column) => ({ table, column })),
  );
}
