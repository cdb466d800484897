import type { Column, ConstraintKind, Schema, Table } from '../schema/model';
import { findTable, getTable } from '../schema/lookup';
import { assertNever } from '../util/assert-never';
import type { Change } from './change';

/**
 * The schema after a change: a pure function, used to know each table's state at each step of a
 * migration and to check that a diff, applied, reaches its target. Throws when the change does not fit
 * the schema (a bug in whoever produced it).
 */
export function applyChange(schema: Schema, change: Change): Schema {
  switch (change.kind) {
    case 'createTable':
      if (findTable(schema, change.table.name)) fail(change, `table "${change.table.name}" already exists`);
      return { ...schema, tables: [...schema.tables, change.table] };
    case 'dropTable':
      getTable(schema, change.table.name);
      return { ...schema, tables: schema.tables.filter((t) => t.name !== change.table.name) };
    case 'renameTable':
      return renameTable(schema, change.from, change.to);
    case 'addColumn':
      return mapTable(schema, change.table, (t) => ({ ...t, columns: [...t.columns, change.column] }));
    case 'dropColumn':
      return mapTable(schema, change.table, (t) => {
        const users = constraintsUsing(t, change.column.name);
        if (users.length) fail(change, `column "${change.column.name}" is still used by ${users.join(', ')}`);
        return { ...t, columns: t.columns.filter((c) => c.name !== change.column.name) };
      });
    case 'renameColumn':
      return renameColumn(schema, change.table, change.from, change.to);
    case 'alterColumn':
      return mapTable(schema, change.table, (t) => ({ ...t, columns: t.columns.map((c) => (c.name === change.from.name ? change.to : c)) }));
    case 'addPrimaryKey':
      return mapTable(schema, change.table, (t) => ({ ...t, primaryKey: change.primaryKey }));
    case 'dropPrimaryKey':
      return mapTable(schema, change.table, ({ primaryKey: _dropped, ...t }) => t);
    case 'addUnique':
      return mapTable(schema, change.table, (t) => ({ ...t, uniques: [...t.uniques, change.unique] }));
    case 'dropUnique':
      return mapTable(schema, change.table, (t) => ({ ...t, uniques: t.uniques.filter((u) => u.name !== change.unique.name) }));
    case 'addIndex':
      return mapTable(schema, change.table, (t) => ({ ...t, indexes: [...t.indexes, change.index] }));
    case 'dropIndex':
      return mapTable(schema, change.table, (t) => ({ ...t, indexes: t.indexes.filter((i) => i.name !== change.index.name) }));
    case 'addForeignKey':
      return mapTable(schema, change.table, (t) => ({ ...t, foreignKeys: [...t.foreignKeys, change.foreignKey] }));
    case 'dropForeignKey':
      return mapTable(schema, change.table, (t) => ({ ...t, foreignKeys: t.foreignKeys.filter((f) => f.name !== change.foreignKey.name) }));
    case 'renameConstraint':
      return mapTable(schema, change.table, (t) => renameConstraint(t, change.constraint, change.from, change.to));
    case 'createEnum':
      return { ...schema, enums: [...schema.enums, change.enum] };
    case 'dropEnum':
      return { ...schema, enums: schema.enums.filter((e) => e.name !== change.enum.name) };
    case 'alterEnum':
      return { ...schema, enums: schema.enums.map((e) => (e.name === change.from.name ? change.to : e)) };
    case 'renameEnum':
      return {
        tables: schema.tables.map((t) => ({ ...t, columns: t.columns.map((c) => (c.enum === change.from ? { ...c, enum: change.to } : c)) })),
        enums: schema.enums.map((e) => (e.name === change.from ? { ...e, name: change.to } : e)),
      };
  }
  return assertNever(change, 'change');
}

export function applyChanges(schema: Schema, changes: readonly Change[]): Schema {
  return changes.reduce(applyChange, schema);
}

function fail(change: Change, why: string): never {
  throw new Error(`Cannot apply ${change.kind}: ${why}.`);
}

function mapTable(schema: Schema, name: string, fn: (t: Table) => Table): Schema {
  getTable(schema, name);
  return { ...schema, tables: schema.tables.map((t) => (t.name === name ? fn(t) : t)) };
}

function renameTable(schema: Schema, from: string, to: string): Schema {
  getTable(schema, from);
  return {
    ...schema,
    tables: schema.tables.map((t) => ({
      ...t,
      name: t.name === from ? to : t.name,
      foreignKeys: t.foreignKeys.map((fk) => (fk.referencedTable === from ? { ...fk, referencedTable: to } : fk)),
    })),
  };
}

function renameColumn(schema: Schema, tableName: string, from: string, to: string): Schema {
  const rename = (cols: readonly string[]): string[] => cols.map((c) => (c === from ? to : c));
  getTable(schema, tableName);
  return {
    ...schema,
    tables: schema.tables.map((t) => {
      const foreignKeys = t.foreignKeys.map((fk) => ({
        ...fk,
        columns: t.name === tableName ? rename(fk.columns) : fk.columns,
        referencedColumns: fk.referencedTable === tableName ? rename(fk.referencedColumns) : fk.referencedColumns,
      }));
      if (t.name !== tableName) return { ...t, foreignKeys };
      return {
        ...t,
        columns: t.columns.map((c): Column => (c.name === from ? { ...c, name: to } : c)),
        primaryKey: t.primaryKey && { ...t.primaryKey, columns: rename(t.primaryKey.columns) },
        uniques: t.uniques.map((u) => ({ ...u, columns: rename(u.columns) })),
        indexes: t.indexes.map((i) => ({ ...i, columns: rename(i.columns) })),
        foreignKeys,
      };
    }),
  };
}

function renameConstraint(t: Table, kind: ConstraintKind, from: string, to: string): Table {
  const rename = <T extends { name: string }>(list: readonly T[]): T[] => list.map((x) => (x.name === from ? { ...x, name: to } : x));
  switch (kind) {
    case 'primaryKey': return { ...t, primaryKey: t.primaryKey && { ...t.primaryKey, name: to } };
    case 'unique': return { ...t, uniques: rename(t.uniques) };
    case 'index': return { ...t, indexes: rename(t.indexes) };
    case 'foreignKey': return { ...t, foreignKeys: rename(t.foreignKeys) };
  }
  return assertNever(kind, 'constraint kind');
}

/** Names of the constraints of a table that involve a column. */
export function constraintsUsing(t: Table, column: string): string[] {
  return [
    ...(t.primaryKey?.columns.includes(column) ? [t.primaryKey.name] : []),
    ...t.uniques.filter((u) => u.columns.includes(column)).map((u) => u.name),
    ...t.indexes.filter((i) => i.columns.includes(column)).map((i) => i.name),
    ...t.foreignKeys.filter((f) => f.columns.includes(column)).map((f) => f.name),
  ];
}
