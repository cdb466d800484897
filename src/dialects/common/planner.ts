import type { Change, ChangeKind, ChangeOf } from '../../changes/change';
import type { Schema } from '../../schema/model';
import type { MigrationPlanner, MigrationPlanState } from '../dialect';
import { call, schemaCall, type Step } from '../../steps/step';
import { columnChain, indexChain, tableBody, type TypeCall, uniqueChain } from './columns';
import { needsValueForEveryRow, refuseRowsWithoutValue } from './misfits';

/**
 * How a dialect turns each kind of change into steps; a missing kind does not compile. `S` is the dialect's own
 * state for one migration's planning (see {@link MigrationPlanState}).
 */
export type Planner<S> = { readonly [K in ChangeKind]: (change: ChangeOf<K>, before: Schema, target: Schema, migration: S) => Step[] };

/**
 * A dialect's planner: the function for each change's kind, and `begin` for the state each migration starts with.
 * The state is the dialect's: shared code sees it only as the opaque {@link MigrationPlanState} it hands back.
 */
export function planWith<S>(planner: Planner<S>, begin: () => S): MigrationPlanner {
  return {
    begin: () => begin() as unknown as MigrationPlanState,
    plan: (change, before, target, migration) =>
      (planner[change.kind] as (c: Change, b: Schema, t: Schema, m: S) => Step[])(change, before, target, migration as unknown as S),
  };
}

type PortableKind = 'createTable' | 'dropTable' | 'renameTable' | 'addColumn' | 'renameColumn' | 'addUnique' | 'dropUnique' | 'addIndex' | 'dropIndex';

/** Plans that knex carries out the same, safe way on every engine. */
export function portablePlanner<S>(typeCall: TypeCall): Pick<Planner<S>, PortableKind> {
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
