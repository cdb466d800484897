import type { Change } from '../changes/change';
import type { ConstraintKind, ForeignKey, Table, TableMember } from '../schema/model';
import { type Matched, matchNamed } from './match';

/** The members of a table the differ matches by definition, whatever their names: all but its columns. */
export type ConstraintMember = Exclude<TableMember, 'columns'>;

/** One object of a constraint member: `Unique` for `uniques`, `PrimaryKey` for `primaryKey`. */
type ObjectOf<K extends ConstraintMember> = K extends ConstraintMember ? (NonNullable<Table[K]> extends readonly (infer E)[] ? E : NonNullable<Table[K]>) : never;

/** How the differ compares, adds, drops and renames one kind of constraint. */
interface ConstraintDiff<K extends ConstraintMember> {
  /** The table's objects of this kind. */
  list(table: Table): readonly ObjectOf<K>[];
  /** What an object is made of, whatever its name: equal definitions under two names make a rename. */
  definition(object: ObjectOf<K>): string;
  add(table: string, object: ObjectOf<K>): Change;
  drop(table: string, object: ObjectOf<K>): Change;
  /** The `constraint` of its `renameConstraint` changes. */
  readonly renamedAs: ConstraintKind;
}

const columnList = (x: { readonly columns: readonly string[] }): string => x.columns.join('\u0000');
const foreignKeyDefinition = (fk: ForeignKey): string =>
  [columnList(fk), fk.referencedTable, fk.referencedColumns.join('\u0000'), fk.onDelete, fk.onUpdate].join('\u0001');

/** Every constraint member, diffed: a member of `Table` missing here does not compile (see `TableMember`). */
export const CONSTRAINTS: { readonly [K in ConstraintMember]: ConstraintDiff<K> } = {
  primaryKey: {
    list: (t) => (t.primaryKey ? [t.primaryKey] : []),
    definition: columnList,
    add: (table, primaryKey) => ({ kind: 'addPrimaryKey', table, primaryKey }),
    drop: (table, primaryKey) => ({ kind: 'dropPrimaryKey', table, primaryKey }),
    renamedAs: 'primaryKey',
  },
  uniques: {
    list: (t) => t.uniques,
    definition: columnList,
    add: (table, unique) => ({ kind: 'addUnique', table, unique }),
    drop: (table, unique) => ({ kind: 'dropUnique', table, unique }),
    renamedAs: 'unique',
  },
  indexes: {
    list: (t) => t.indexes,
    definition: columnList,
    add: (table, index) => ({ kind: 'addIndex', table, index }),
    drop: (table, index) => ({ kind: 'dropIndex', table, index }),
    renamedAs: 'index',
  },
  foreignKeys: {
    list: (t) => t.foreignKeys,
    definition: foreignKeyDefinition,
    add: (table, foreignKey) => ({ kind: 'addForeignKey', table, foreignKey }),
    drop: (table, foreignKey) => ({ kind: 'dropForeignKey', table, foreignKey }),
    renamedAs: 'foreignKey',
  },
};

/**
 * The order constraint changes go in, each a list of members naming every one (a member left out does not
 * compile): drops of foreign keys before the keys and indexes they depend on; renames; adds of keys and indexes
 * before the foreign keys that depend on them.
 */
export const DROP_ORDER = everyMember([['foreignKeys'], ['uniques', 'indexes', 'primaryKey']] as const);
export const RENAME_ORDER = everyMember([['primaryKey', 'uniques', 'indexes', 'foreignKeys']] as const);
export const ADD_ORDER = everyMember([['primaryKey', 'uniques', 'indexes'], ['foreignKeys']] as const);

/** Groups of members, checked to name every constraint member. */
function everyMember<const G extends readonly (readonly ConstraintMember[])[]>(
  groups: G & ([Exclude<ConstraintMember, G[number][number]>] extends [never] ? unknown : { missing: Exclude<ConstraintMember, G[number][number]> }),
): G {
  return groups;
}

/** How a kept table's constraints differ, per member. */
export type ConstraintChanges = { readonly [K in ConstraintMember]: Matched<ObjectOf<K>> };

export function diffConstraints(from: Table, to: Table): ConstraintChanges {
  const one = <K extends ConstraintMember>(member: K): Matched<ObjectOf<K>> => {
    const diff = CONSTRAINTS[member] as unknown as ConstraintDiff<ConstraintMember>;
    return matchNamed(diff.list(from), diff.list(to), (x) => diff.definition(x)) as Matched<ObjectOf<K>>;
  };
  return { primaryKey: one('primaryKey'), uniques: one('uniques'), indexes: one('indexes'), foreignKeys: one('foreignKeys') };
}

/** The changes of member `member` of table `table`, from its match: `drops`, `adds` or `renames`. */
export function constraintChanges(table: string, member: ConstraintMember, matched: ConstraintChanges, which: 'drops' | 'adds' | 'renames'): Change[] {
  const diff = CONSTRAINTS[member] as unknown as ConstraintDiff<ConstraintMember>;
  const found = matched[member] as Matched<ObjectOf<ConstraintMember>>;
  if (which === 'renames') return found.renames.map((r) => ({ kind: 'renameConstraint', table, constraint: diff.renamedAs, ...r }));
  return found[which].map((object) => (which === 'drops' ? diff.drop(table, object) : diff.add(table, object)));
}
