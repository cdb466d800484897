import { applyChange } from '../../changes/apply';
import type { Change, ChangeOf } from '../../changes/change';
import { columnsUsingEnum, getTable } from '../../schema/lookup';
import type { Schema } from '../../schema/model';
import { raw, type Step } from '../../steps/step';
import { indexChain, uniqueChain } from '../common/columns';
import { type Planner, portablePlanner } from '../common/planner';
import { quoteIdentifier as q } from '../common/sql-text';
import { rebuildTable } from './rebuild';
import { sqliteTypeCall } from './types';

/** What one migration's planning has emitted so far: steps a migration needs once, or must number. */
export interface SqlitePlanState {
  /** Whether the migration already checks that foreign keys are off (one check is enough: they cannot change inside it). */
  foreignKeysChecked: boolean;
  /** How many `saveStatements` slots the migration uses. */
  savedStatements: number;
}

export const beginSqlitePlan = (): SqlitePlanState => ({ foreignKeysChecked: false, savedStatements: 0 });

const portable = portablePlanner<SqlitePlanState>(sqliteTypeCall);

/**
 * SQLite: knex's builder for what ALTER TABLE does natively, an explicit rebuild for the rest (never
 * knex's own rebuild, whose SQL parser has lost data), and nothing for enum types, which live in the
 * column's CHECK constraint.
 */
export const sqlitePlanner: Planner<SqlitePlanState> = {
  ...portable,
  addColumn: (c, before, target, migration) => {
    // ALTER TABLE ADD COLUMN refuses NOT NULL without a constant default, and expression defaults.
    const simple = !c.column.autoIncrement && c.column.default?.kind !== 'sql' && (c.column.nullable || c.column.default !== undefined);
    return simple ? portable.addColumn(c, before, target, migration) : rebuildFor(c, before, migration, `add the column "${c.column.name}"`);
  },
  dropColumn: (c, before, _target, migration) => {
    const table = getTable(before, c.table);
    const keyed = table.primaryKey?.columns.includes(c.column.name) || table.foreignKeys.some((fk) => fk.columns.includes(c.column.name));
    return keyed
      ? rebuildFor(c, before, migration, `drop the key column "${c.column.name}"`)
      : [raw(`ALTER TABLE ${q(c.table)} DROP COLUMN ${q(c.column.name)}`)];
  },
  alterColumn: (c, before, _target, migration) => rebuildFor(c, before, migration, `alter the column "${c.to.name}"`),
  addPrimaryKey: (c, before, _target, migration) => rebuildFor(c, before, migration, 'add a primary key'),
  dropPrimaryKey: (c, before, _target, migration) => rebuildFor(c, before, migration, 'drop a primary key'),
  addForeignKey: (c, before, _target, migration) => rebuildFor(c, before, migration, `add the foreign key "${c.foreignKey.name}"`),
  dropForeignKey: (c, before, _target, migration) => rebuildFor(c, before, migration, `drop the foreign key "${c.foreignKey.name}"`),
  renameConstraint: (c, before, target, migration) => renameIndex(c, before, target, migration),
  createEnum: () => [],
  dropEnum: () => [],
  renameEnum: () => [],
  alterEnum: (c, before, _target, migration) => {
    const after = applyChange(before, c);
    return columnsUsingEnum(before, c.from.name).flatMap(({ table }) =>
      rebuildTable(table, getTable(after, table.name), { before, after }, migration, `change the allowed values of "${table.name}"`));
  },
};

function rebuildFor(change: Change & { table: string }, before: Schema, migration: SqlitePlanState, reason: string): Step[] {
  const after = applyChange(before, change);
  return rebuildTable(getTable(before, change.table), getTable(after, change.table), { before, after }, migration, reason);
}

/** SQLite cannot rename an index: drop it and create it under the new name. Key names are not kept at all. */
function renameIndex(c: ChangeOf<'renameConstraint'>, before: Schema, target: Schema, migration: SqlitePlanState): Step[] {
  const table = getTable(before, c.table);
  if (c.constraint === 'unique') {
    const unique = table.uniques.find((u) => u.name === c.from)!;
    return [...portable.dropUnique({ kind: 'dropUnique', table: c.table, unique }, before, target, migration), { kind: 'alterTable', table: c.table, body: [uniqueChain({ ...unique, name: c.to })] }];
  }
  if (c.constraint === 'index') {
    const index = table.indexes.find((i) => i.name === c.from)!;
    return [...portable.dropIndex({ kind: 'dropIndex', table: c.table, index }, before, target, migration), { kind: 'alterTable', table: c.table, body: [indexChain({ ...index, name: c.to })] }];
  }
  return [];
}
