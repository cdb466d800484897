import type { Change, ChangeKind, ChangeOf } from '../../changes/change';
import type { Schema } from '../../schema/model';
import type { MigrationPlanState } from '../dialect';
import { call, schemaCall, type Step } from '../../steps/step';
import { columnChain, indexChain, tableBody, type TypeCall, uniqueChain } from './columns';
import { needsValueForEveryRow, refuseRowsWithoutValue } from './misfits';

/** How a dialect turns each kind of change into steps; a missing kind does not compile. */
export type Planner = { readonly [K in ChangeKind]: (change: ChangeOf<K>, before: Schema, target: Schema, migration: MigrationPlanState) => Step[] };

/** A dialect's `plan`: the planner's function for the change's kind. */
export function planWith(planner: Planner): (change: Change, before: Schema, target: Schema, migration: MigrationPlanState) => Step[] {
  return (change, before, target, migration) => (planner[change.kind] as (c: Change, b: Schema, t: Schema, m: MigrationPlanState) => Step[])(change, before, target, migration);
}

type PortableKind = 'createTable' | 'dropTable' | 'renameTable' | 'addColumn' | 'renameColumn' | 'addUnique' | 'dropUnique' | 'addIndex' | 'dropIndex';

/** Plans that knex carries out the same, safe way on every engine. */
export function portablePlanner(typeCall: TypeCall): Pick<Planner, PortableKind> {
  return {
    createTable: (c, before) => [{ kind: 'createTable', table: c.table.name, body: tableBody(c.table, before, typeCall) }],
    dropTable: (c) => [schemaCall(call('dropTable', c.table.name))],
    renameTable: (c) => [schemaCall(call('renameTable', c.from, c.to))],
    addColumn: (c, before) => [
      ...(needsValueForEveryRow(c.column) ? [refuseRowsWithoutValue(c.table, c.column)] : []),
      { kind: 'alterTable', table: c.table, body: [columnChain(c.column, before, typeCall)] },
    ],
    renameColumn: (c) => [{ kind: 'alterTable', table: c.table, body: [[call('renameColumn', c.from, c.to)]] }],
    addUnique: (c) => [{ kind: 'alterTable', table: c.table, body: [uniqueChain(c.unique)] }],
    dropUnique: (c) => [{ kind: 'alterTable', table: c.table, body: [[call('dropUnique', [...c.unique.columns], c.unique.name)]] }],
    addIndex: (c) => [{ kind: 'alterTable', table: c.table, body: [indexChain(c.index)] }],
    dropIndex: (c) => [{ kind: 'alterTable', table: c.table, body: [[call('dropIndex', [...c.index.columns], c.index.name)]] }],
  };
}
