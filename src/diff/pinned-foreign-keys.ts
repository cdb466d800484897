import type { Change } from '../changes/change';
import { typeChanged } from '../schema/equality';
import { findColumn, findTable, getTable } from '../schema/lookup';
import type { ForeignKey, Schema, Table } from '../schema/model';
import type { ConstraintChanges } from './constraints';

/** The foreign keys out of the way of their columns' type changes (see {@link unpinForeignKeys}). */
export interface Unpinned {
  /** The tables to create, without their foreign keys to a column that changes type. */
  readonly created: readonly Table[];
  /** The foreign keys of dropped tables to such a column: to drop before the columns change (tables are dropped last). */
  readonly drops: readonly Change[];
  /** The created tables' foreign keys held back: to add once the columns have changed. */
  readonly adds: readonly Change[];
}

/**
 * Where a foreign key pins its columns' types (Capabilities.foreignKeysPinTypes), every foreign key one of whose
 * columns, or of whose referenced columns, changes type is out of the way while it does: a kept (or renamed) one of
 * a kept table is dropped with the foreign keys that go and added with those that come (in `kept`, changed in
 * place); one of a dropped table is dropped first; one of a created table is added last.
 */
export function unpinForeignKeys(state: Schema, to: Schema, kept: readonly { table: string; matched: ConstraintChanges }[], created: readonly Table[], dropped: readonly Table[]): Unpinned {
  const retyped = (table: string, column: string): boolean => {
    const before = findTable(state, table);
    const after = findTable(to, table);
    const from = before && findColumn(before, column);
    const wanted = after && findColumn(after, column);
    return from !== undefined && wanted !== undefined && typeChanged(from, wanted);
  };
  const pinned = (table: string, fk: ForeignKey): boolean => fk.columns.some((c) => retyped(table, c)) || fk.referencedColumns.some((c) => retyped(fk.referencedTable, c));

  for (const { table, matched } of kept) {
    const keys = matched.foreignKeys;
    for (const fk of getTable(to, table).foreignKeys) {
      if (keys.adds.includes(fk) || !pinned(table, fk)) continue;
      const rename = keys.renames.find((r) => r.to === fk.name);
      const existing = getTable(state, table).foreignKeys.find((f) => f.name === (rename?.from ?? fk.name));
      if (!existing) continue;
      if (rename) keys.renames.splice(keys.renames.indexOf(rename), 1);
      keys.drops.push(existing);
      keys.adds.push(fk);
    }
  }
  const drops = dropped.flatMap((t) => t.foreignKeys.filter((fk) => pinned(t.name, fk)).map((foreignKey): Change => ({ kind: 'dropForeignKey', table: t.name, foreignKey })));
  const adds = created.flatMap((t) => t.foreignKeys.filter((fk) => pinned(t.name, fk)).map((foreignKey): Change => ({ kind: 'addForeignKey', table: t.name, foreignKey })));
  return {
    created: created.map((t) => ({ ...t, foreignKeys: t.foreignKeys.filter((fk) => !pinned(t.name, fk)) })),
    drops,
    adds,
  };
}
