import { applyChange } from '../changes/apply';
import type { Change } from '../changes/change';
import { sameValue } from '../schema/equality';
import { findColumn, findEnum, findTable, getEnum, getTable } from '../schema/lookup';
import type { Enum, ForeignKey, Schema, Table } from '../schema/model';
import { isExtension } from '../schema/enum-values';
import { matchNamed } from './match';
import { creationOrder } from '../schema/order';
import { columnRenames, enumRenames, NO_RENAMES, type Renames, tableRenames } from './renames';

export interface DiffOptions {
  /** Renames declared with `renamedFrom`; without them a renamed table or column is dropped and added. */
  readonly renames?: Renames;
  /** The engine accepts foreign keys to tables that do not exist yet (SQLite): cycles need no extra step. */
  readonly forwardReferences?: boolean;
}

/**
 * The changes that take a database shaped like `from` to `to`, in an order that is valid at every
 * step: renames first; then what goes away (foreign keys before the indexes and keys they depend on);
 * then what is created and altered; then new keys and foreign keys; and last the dropped columns,
 * tables and enums. Both schemas must be normalized by the same dialect.
 */
export function diffSchemas(from: Schema, to: Schema, options: DiffOptions = {}): Change[] {
  const renames = options.renames ?? NO_RENAMES;
  const out = new ChangeList(from);
  out.push(...tableRenames(out.state, to, renames));
  out.push(...columnRenames(out.state, to, renames));
  out.push(...enumRenames(out.state, to));

  const state = out.state;
  const kept = to.tables.filter((t) => findTable(state, t.name)).map((t) => ({ from: getTable(state, t.name), to: t }));
  const created = to.tables.filter((t) => !findTable(state, t.name));
  const dropped = state.tables.filter((t) => !findTable(to, t.name));
  const constraints = kept.map((pair) => ({ table: pair.to.name, ...diffConstraints(pair.from, pair.to) }));

  for (const c of constraints) out.push(...c.foreignKeys.drops.map((foreignKey) => ({ kind: 'dropForeignKey' as const, table: c.table, foreignKey })));
  for (const c of constraints) {
    out.push(...c.uniques.drops.map((unique) => ({ kind: 'dropUnique' as const, table: c.table, unique })));
    out.push(...c.indexes.drops.map((index) => ({ kind: 'dropIndex' as const, table: c.table, index })));
    out.push(...c.primaryKeys.drops.map((primaryKey) => ({ kind: 'dropPrimaryKey' as const, table: c.table, primaryKey })));
  }
  for (const c of constraints) {
    for (const [constraint, matched] of [['primaryKey', c.primaryKeys], ['unique', c.uniques], ['index', c.indexes], ['foreignKey', c.foreignKeys]] as const) {
      out.push(...matched.renames.map((r) => ({ kind: 'renameConstraint' as const, table: c.table, constraint, ...r })));
    }
  }

  const enums = diffEnums(out.state, to);
  out.push(...enums.created.map((e) => ({ kind: 'createEnum' as const, enum: e })));
  out.push(...enums.extended);

  const creation = creationOrder(created, options.forwardReferences ?? false);
  out.push(...creation.tables.map((table) => ({ kind: 'createTable' as const, table })));
  for (const { from: before, to: after } of kept) {
    for (const column of after.columns) {
      const existing = findColumn(before, column.name);
      if (!existing) out.push({ kind: 'addColumn', table: after.name, column });
      else if (!sameValue(existing, column)) out.push({ kind: 'alterColumn', table: after.name, from: existing, to: column });
    }
  }
  out.push(...enums.reshaped);

  for (const c of constraints) {
    out.push(...c.primaryKeys.adds.map((primaryKey) => ({ kind: 'addPrimaryKey' as const, table: c.table, primaryKey })));
    out.push(...c.uniques.adds.map((unique) => ({ kind: 'addUnique' as const, table: c.table, unique })));
    out.push(...c.indexes.adds.map((index) => ({ kind: 'addIndex' as const, table: c.table, index })));
  }
  for (const c of constraints) out.push(...c.foreignKeys.adds.map((foreignKey) => ({ kind: 'addForeignKey' as const, table: c.table, foreignKey })));
  out.push(...creation.deferred.map((d) => ({ kind: 'addForeignKey' as const, table: d.table, foreignKey: d.foreignKey })));

  for (const { from: before, to: after } of kept) {
    for (const column of before.columns) {
      if (!findColumn(after, column.name)) out.push({ kind: 'dropColumn', table: after.name, column });
    }
  }
  const removal = creationOrder(dropped.map((t) => getTable(out.state, t.name)), options.forwardReferences ?? false);
  out.push(...[...removal.deferred].reverse().map((d) => ({ kind: 'dropForeignKey' as const, table: d.table, foreignKey: d.foreignKey })));
  out.push(...[...removal.tables].reverse().map((table) => ({ kind: 'dropTable' as const, table })));
  out.push(...enums.dropped.map((e) => ({ kind: 'dropEnum' as const, enum: getEnum(out.state, e) })));
  return out.changes;
}

/** Changes with the schema they lead to, so each change is made against the state it will run in. */
class ChangeList {
  readonly changes: Change[] = [];
  constructor(public state: Schema) {}
  push(...changes: Change[]): void {
    for (const change of changes) {
      this.state = applyChange(this.state, change);
      this.changes.push(change);
    }
  }
}

function diffConstraints(from: Table, to: Table) {
  const columns = (x: { columns: readonly string[] }): string => x.columns.join('\u0000');
  const foreignKey = (fk: ForeignKey): string =>
    [columns(fk), fk.referencedTable, fk.referencedColumns.join('\u0000'), fk.onDelete, fk.onUpdate].join('\u0001');
  return {
    primaryKeys: matchNamed(from.primaryKey ? [from.primaryKey] : [], to.primaryKey ? [to.primaryKey] : [], columns),
    uniques: matchNamed(from.uniques, to.uniques, columns),
    indexes: matchNamed(from.indexes, to.indexes, columns),
    foreignKeys: matchNamed(from.foreignKeys, to.foreignKeys, foreignKey),
  };
}

/**
 * Enums to create, to extend before the columns change (values only added, order kept, which
 * PostgreSQL does in place), to reshape after them (values removed or reordered), and to drop last.
 */
function diffEnums(state: Schema, to: Schema) {
  const result = { created: [] as Enum[], extended: [] as Change[], reshaped: [] as Change[], dropped: [] as string[] };
  for (const wanted of to.enums) {
    const existing = findEnum(state, wanted.name);
    if (!existing) result.created.push(wanted);
    else if (!sameValue(existing.values, wanted.values)) {
      (isExtension(existing.values, wanted.values) ? result.extended : result.reshaped).push({ kind: 'alterEnum', from: existing, to: wanted });
    }
  }
  result.dropped = state.enums.filter((e) => !findEnum(to, e.name)).map((e) => e.name);
  return result;
}
