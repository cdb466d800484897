import type { Column, DefaultValue, Enum, ForeignKey, Index, PrimaryKey, Schema, Table, Unique } from './model';

type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

/** A column; `nullable` and `autoIncrement` default to false, and absent options are left out. */
export function column(spec: Optional<Column, 'nullable' | 'autoIncrement'>): Column {
  return dropUndefined({ nullable: false, autoIncrement: false, ...spec });
}

/** A table; the constraint lists default to empty. */
export function table(spec: Optional<Table, 'uniques' | 'indexes' | 'foreignKeys'>): Table {
  return dropUndefined({ uniques: [], indexes: [], foreignKeys: [], ...spec });
}

export function schema(spec: Partial<Schema> = {}): Schema {
  return { tables: spec.tables ?? [], enums: spec.enums ?? [] };
}

export function literal(value: string | number | boolean): DefaultValue {
  return { kind: 'literal', value };
}

export function expression(sql: string): DefaultValue {
  return { kind: 'sql', expression: sql };
}

export function primaryKey(name: string, columns: readonly string[]): PrimaryKey {
  return { name, columns };
}

export function unique(name: string, columns: readonly string[]): Unique {
  return { name, columns };
}

export function index(name: string, columns: readonly string[]): Index {
  return { name, columns };
}

export function foreignKey(spec: Optional<ForeignKey, 'onDelete' | 'onUpdate'>): ForeignKey {
  return { onDelete: 'no action', onUpdate: 'no action', ...spec };
}

export function enumType(name: string, values: readonly string[]): Enum {
  return { name, values };
}

function dropUndefined<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v;
  return out as T;
}
