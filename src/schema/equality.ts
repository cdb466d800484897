import { stableJson } from '../util/stable-json';
import type { Column, Schema, Table } from './model';

/**
 * The schema in a canonical form: tables, enums and constraints sorted by name, columns by name.
 * Two schemas are equal exactly when their canonical forms print the same.
 */
export function canonicalSchema(schema: Schema): Schema {
  return {
    tables: [...schema.tables].sort(byName).map(canonicalTable),
    enums: [...schema.enums].sort(byName),
  };
}

export function canonicalTable(table: Table): Table {
  return {
    ...table,
    columns: [...table.columns].sort(byName),
    uniques: [...table.uniques].sort(byName),
    indexes: [...table.indexes].sort(byName),
    foreignKeys: [...table.foreignKeys].sort(byName),
  };
}

export function schemasEqual(a: Schema, b: Schema): boolean {
  return stableJson(canonicalSchema(a)) === stableJson(canonicalSchema(b));
}

/** Structural equality of two plain values (columns, constraints), independent of key order. */
export function sameValue(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

/** A short stable fingerprint of a schema, used to tell whether a database still has a known shape. */
export function schemaFingerprint(schema: Schema): string {
  return stableJson(canonicalSchema(schema));
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Whether what a column holds changes (its type, size or enum), not only its nullability, default or comment. */
export function typeChanged(from: Column, to: Column): boolean {
  return from.type !== to.type || from.length !== to.length || from.precision !== to.precision || from.scale !== to.scale || from.enum !== to.enum;
}
