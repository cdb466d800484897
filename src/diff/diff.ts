import { applyChange } from '../changes/apply';
import type { Change } from '../changes/change';
import { sameValue } from '../schema/equality';
import { findColumn, findEnum, findTable, getEnum, getTable } from '../schema/lookup';
import type { Enum, Schema, SchemaMember } from '../schema/model';
import { isExtension } from '../schema/enum-values';
import { ADD_ORDER, type ConstraintMember, constraintChanges, diffConstraints, DROP_ORDER, RENAME_ORDER } from './constraints';
import { creationOrder } from '../schema/order';
import { unpinForeignKeys } from './pinned-foreign-keys';
import { columnRenames, enumRenames, NO_RENAMES, type Renames, tableRenames } from './renames';

export interface DiffOptions {
  /** Renames declared with `renamedFrom`; without them a renamed table or column is dropped and added. */
  readonly renames?: Renames;
  /** The engine accepts foreign keys to tables that do not exist yet (SQLite): cycles need no extra step. */
  readonly forwardReferences?: boolean;
  /** A foreign key's columns cannot change type while it exists (see Capabilities.foreignKeysPinTypes). */
  readonly foreignKeysPinTypes?: boolean;
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
  const constraints = kept.map((pair) => ({ table: pair.to.name, matched: diffConstraints(pair.from, pair.to) }));
  const unpinned = options.foreignKeysPinTypes ? unpinForeignKeys(state, to, constraints, created, dropped) : { created, drops: [], adds: [] };
  // Each group of members in turn, over every table: see DROP_ORDER, RENAME_ORDER and ADD_ORDER.
  const constraintStep = (order: readonly (readonly ConstraintMember[])[], which: 'drops' | 'adds' | 'renames'): void => {
    for (const group of order) {
      for (const c of constraints) for (const member of group) out.push(...constraintChanges(c.table, member, c.matched, which));
    }
  };

  constraintStep(DROP_ORDER, 'drops');
  out.push(...unpinned.drops);
  constraintStep(RENAME_ORDER, 'renames');

  const beside = (Object.keys(BESIDE_TABLES) as BesideTables[]).map((member) => BESIDE_TABLES[member](out.state, to));
  for (const b of beside) out.push(...b.beforeTables);

  const creation = creationOrder(unpinned.created, options.forwardReferences ?? false);
  out.push(...creation.tables.map((table) => ({ kind: 'createTable' as const, table })));
  for (const { from: before, to: after } of kept) {
    for (const column of after.columns) {
      const existing = findColumn(before, column.name);
      if (!existing) out.push({ kind: 'addColumn', table: after.name, column });
      else if (!sameValue(existing, column)) out.push({ kind: 'alterColumn', table: after.name, from: existing, to: column });
    }
  }
  for (const b of beside) out.push(...b.afterColumns);

  constraintStep(ADD_ORDER, 'adds');
  out.push(...unpinned.adds);
  out.push(...creation.deferred.map((d) => ({ kind: 'addForeignKey' as const, table: d.table, foreignKey: d.foreignKey })));

  for (const { from: before, to: after } of kept) {
    for (const column of before.columns) {
      if (!findColumn(after, column.name)) out.push({ kind: 'dropColumn', table: after.name, column });
    }
  }
  const removal = creationOrder(dropped.map((t) => getTable(out.state, t.name)), options.forwardReferences ?? false);
  out.push(...[...removal.deferred].reverse().map((d) => ({ kind: 'dropForeignKey' as const, table: d.table, foreignKey: d.foreignKey })));
  out.push(...[...removal.tables].reverse().map((table) => ({ kind: 'dropTable' as const, table })));
  for (const b of beside) out.push(...b.last(out.state));
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

/** The members of a schema beside its tables (enums). */
type BesideTables = Exclude<SchemaMember, 'tables'>;

/**
 * How one kind of object beside the tables differs, in three phases of the diff: before the tables are created
 * and altered, after their columns are, and last (with `state`, the schema by then), after the tables are dropped.
 */
interface Phases {
  readonly beforeTables: Change[];
  readonly afterColumns: Change[];
  last(state: Schema): Change[];
}

/** Each member of a schema beside its tables, diffed: a member of `Schema` missing here does not compile. */
const BESIDE_TABLES: { readonly [K in BesideTables]: (state: Schema, to: Schema) => Phases } = { enums: diffEnums };

/**
 * Enums to create, and to extend before the columns change (values only added, order kept, which an engine with
 * enum types does in place); to reshape after them (values removed or reordered); and to drop last.
 */
function diffEnums(state: Schema, to: Schema): Phases {
  const created: Enum[] = [];
  const extended: Change[] = [];
  const reshaped: Change[] = [];
  for (const wanted of to.enums) {
    const existing = findEnum(state, wanted.name);
    if (!existing) created.push(wanted);
    else if (!sameValue(existing.values, wanted.values)) {
      (isExtension(existing.values, wanted.values) ? extended : reshaped).push({ kind: 'alterEnum', from: existing, to: wanted });
    }
  }
  const dropped = state.enums.filter((e) => !findEnum(to, e.name)).map((e) => e.name);
  return {
    beforeTables: [...created.map((e): Change => ({ kind: 'createEnum', enum: e })), ...extended],
    afterColumns: reshaped,
    last: (now) => dropped.map((e): Change => ({ kind: 'dropEnum', enum: getEnum(now, e) })),
  };
}
