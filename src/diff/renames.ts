import type { Change } from '../changes/change';
import { findColumn, findTable } from '../schema/lookup';
import type { Schema } from '../schema/model';

/** Renames the entities declare with `renamedFrom`. */
export interface Renames {
  /** Current table name → earlier names, most recent first. */
  readonly tables: ReadonlyMap<string, readonly string[]>;
  /** Current table name → (current column name → earlier column names). */
  readonly columns: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
}

export const NO_RENAMES: Renames = { tables: new Map(), columns: new Map() };

/** A table the target wants, absent from the database, whose declared earlier name is there (and unwanted). */
export function tableRenames(state: Schema, target: Schema, renames: Renames): Change[] {
  const changes: Change[] = [];
  const taken = new Set<string>();
  for (const table of target.tables) {
    if (findTable(state, table.name)) continue;
    const from = (renames.tables.get(table.name) ?? []).find(
      (old) => findTable(state, old) && !findTable(target, old) && !taken.has(old),
    );
    if (from) {
      taken.add(from);
      changes.push({ kind: 'renameTable', from, to: table.name });
    }
  }
  return changes;
}

/** Within tables present on both sides: a wanted column that is absent, whose earlier name is there. */
export function columnRenames(state: Schema, target: Schema, renames: Renames): Change[] {
  const changes: Change[] = [];
  for (const table of target.tables) {
    const current = findTable(state, table.name);
    const declared = renames.columns.get(table.name);
    if (!current || !declared) continue;
    const taken = new Set<string>();
    for (const column of table.columns) {
      if (findColumn(current, column.name)) continue;
      const from = (declared.get(column.name) ?? []).find(
        (old) => findColumn(current, old) && !findColumn(table, old) && !taken.has(old),
      );
      if (from) {
        taken.add(from);
        changes.push({ kind: 'renameColumn', table: table.name, from, to: column.name });
      }
    }
  }
  return changes;
}

/**
 * An enum the target wants under a new name, because the table or column using it was renamed: the
 * database's column still uses the enum under its old name, which the target no longer wants.
 */
export function enumRenames(state: Schema, target: Schema): Change[] {
  const changes: Change[] = [];
  const taken = new Set<string>();
  const wanted = new Set(target.enums.map((e) => e.name));
  const existing = new Set(state.enums.map((e) => e.name));
  for (const table of target.tables) {
    for (const column of table.columns) {
      if (!column.enum || existing.has(column.enum) || taken.has(column.enum)) continue;
      const current = findTable(state, table.name);
      const old = current && findColumn(current, column.name)?.enum;
      if (old && !wanted.has(old) && existing.has(old) && !taken.has(old)) {
        taken.add(column.enum);
        taken.add(old);
        changes.push({ kind: 'renameEnum', from: old, to: column.enum });
      }
    }
  }
  return changes;
}
