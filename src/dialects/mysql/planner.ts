import { applyChange } from '../../changes/apply';
import type { ChangeOf } from '../../changes/change';
import { fitRules } from '../../changes/conversion';
import { columnsUsingEnum, findEnum, getTable } from '../../schema/lookup';
import type { Column, ForeignKey, Schema } from '../../schema/model';
import { call, raw, type Step } from '../../steps/step';
import { columnChain, foreignChain, indexChain, primaryChain, tableBody, uniqueChain } from '../common/columns';
import { needsValueForEveryRow, refuseConversionMisfits, refuseNulls, refuseRowsWithoutValue } from '../common/misfits';
import { type Planner, portablePlanner } from '../common/planner';
import { quoteIdentifier as q } from '../common/sql-text';
import { createPrefixIndex, indexNeedsPrefix, needsPrefix } from './indexes';
import { asText, mysqlMisfit } from './misfits';
import { mysqlColumn, mysqlTypeCall } from './types';

const portable = portablePlanner<unknown>(mysqlTypeCall);

/**
 * MariaDB/MySQL: knex's builder where it is exact; `MODIFY` (knex's `alter()`) for a column's type, nullability,
 * default and comment; `RENAME COLUMN` and `RENAME INDEX`; and enums as column types, so that changing an enum's
 * values modifies the columns that use it. Every step is one statement, which the engine commits on its own, so
 * that a migration that fails halfway is known to have run exactly the steps before the failed one.
 */
export const mysqlPlanner: Planner<unknown> = {
  ...portable,
  // One statement per step (see StepRunner): the table with its columns and primary key, then each unique, index
  // (over text, json or binary columns, with its prefix: see indexes.ts) and foreign key.
  createTable: (c, before) => {
    const table = { ...c.table, columns: c.table.columns.map(mysqlColumn), foreignKeys: [] };
    return [
      { kind: 'createTable', table: c.table.name, body: tableBody(table, before, mysqlTypeCall, { indexes: false }) },
      ...c.table.uniques.map((u): Step => ({ kind: 'alterTable', table: c.table.name, body: [uniqueChain(u)] })),
      ...c.table.indexes.map((i): Step => (indexNeedsPrefix(c.table, i) ? createPrefixIndex(c.table, i) : { kind: 'alterTable', table: c.table.name, body: [indexChain(i)] })),
      ...c.table.foreignKeys.map((fk): Step => ({ kind: 'alterTable', table: c.table.name, body: [foreignChain(fk)] })),
    ];
  },
  addIndex: (c, before, target, migration) => {
    const table = getTable(before, c.table);
    return indexNeedsPrefix(table, c.index) ? [createPrefixIndex(table, c.index)] : portable.addIndex(c, before, target, migration);
  },
  addColumn: (c, before) => [
    ...(needsValueForEveryRow(c.column) ? [refuseRowsWithoutValue(c.table, c.column)] : []),
    { kind: 'alterTable', table: c.table, body: [columnChain(mysqlColumn(c.column), before, mysqlTypeCall)] },
  ],
  renameColumn: (c) => [raw(`ALTER TABLE ${q(c.table)} RENAME COLUMN ${q(c.from)} TO ${q(c.to)}`)],
  dropColumn: (c) => [{ kind: 'alterTable', table: c.table, body: [[call('dropColumn', c.column.name)]] }],
  // The enum a column changes to, as it is at this change: in a down, the target may hold it under another name
  // (a table renamed back renames its enums) or with other values (an enum altered back later in the same down).
  alterColumn: (c, before, target) => {
    const after = applyChange(before, c);
    const schema = findEnum(after, c.to.enum ?? '') ? after : target;
    // An index over a column that starts or stops needing a prefix is made again around the MODIFY: MariaDB
    // refuses to MODIFY an indexed varchar to TEXT, and would keep a prefix on a TEXT made a long varchar.
    const table = getTable(before, c.table);
    const remade = needsPrefix(c.from) === needsPrefix(c.to) ? [] : table.indexes.filter((i) => i.columns.includes(c.from.name));
    const afterTable = getTable(after, c.table);
    return [
      ...(c.from.nullable && !c.to.nullable ? [refuseNulls(c.table, c.to.name)] : []),
      ...conversionChecks(c.table, c.from, c.to, before, findEnum(schema, c.to.enum ?? '')?.values),
      ...remade.map((i) => raw(`ALTER TABLE ${q(c.table)} DROP INDEX ${q(i.name)}`)),
      modify(c.table, c.to, c.to.enum === undefined ? before : schema),
      ...remade.map((i) => (indexNeedsPrefix(afterTable, i) ? createPrefixIndex(afterTable, i) : { kind: 'alterTable' as const, table: c.table, body: [indexChain(i)] })),
    ];
  },
  addPrimaryKey: (c) => [{ kind: 'alterTable', table: c.table, body: [primaryChain(c.primaryKey)] }],
  dropPrimaryKey: (c) => [raw(`ALTER TABLE ${q(c.table)} DROP PRIMARY KEY`)],
  addForeignKey: (c) => [{ kind: 'alterTable', table: c.table, body: [foreignChain(c.foreignKey)] }],
  dropForeignKey: (c) => dropForeignKey(c.table, c.foreignKey),
  renameConstraint: (c, before) => {
    switch (c.constraint) {
      case 'index':
      case 'unique':
        return [raw(`ALTER TABLE ${q(c.table)} RENAME INDEX ${q(c.from)} TO ${q(c.to)}`)];
      case 'foreignKey': {
        // A foreign key cannot be renamed: it is dropped and added again under its new name.
        const fk = getTable(before, c.table).foreignKeys.find((f) => f.name === c.from)!;
        return [...dropForeignKey(c.table, fk), { kind: 'alterTable', table: c.table, body: [foreignChain({ ...fk, name: c.to })] }];
      }
      case 'primaryKey':
        // The primary key is always named PRIMARY.
        return [];
    }
  },
  // An enum is the type of the column that uses it.
  createEnum: () => [],
  dropEnum: () => [],
  renameEnum: () => [],
  alterEnum: (c, before) => {
    const after = applyChange(before, c);
    return columnsUsingEnum(before, c.from.name).flatMap(({ table, column }) => {
      const conversion = { table: table.name, from: column, to: column, enums: { from: c.from.values, to: c.to.values } };
      return [
        ...fitRules(column, column, conversion.enums).map((rule) => refuseConversionMisfits(conversion, rule, mysqlMisfit(rule, column, q(column.name)), table.name, asText)),
        modify(table.name, column, after),
      ];
    });
  },
};

/** `ALTER TABLE … MODIFY`: the column's whole definition, as it is to be. */
function modify(table: string, column: Column, schema: Schema): Step {
  return { kind: 'alterTable', table, body: [[...columnChain(mysqlColumn(column), schema, mysqlTypeCall), call('alter')]] };
}

/**
 * Drops a foreign key and the index InnoDB created for it when no other index covered its columns, which carries
 * its name and would otherwise stay behind as an index the model does not have.
 */
function dropForeignKey(table: string, fk: ForeignKey): Step[] {
  return [
    { kind: 'alterTable', table, body: [[call('dropForeign', [...fk.columns], fk.name)]] },
    raw(`ALTER TABLE ${q(table)} DROP INDEX IF EXISTS ${q(fk.name)}`),
  ];
}

function conversionChecks(table: string, from: Column, to: Column, before: Schema, toValues: readonly string[] | undefined): Step[] {
  const conversion = { table, from, to, enums: { from: findEnum(before, from.enum ?? '')?.values, to: toValues } };
  return fitRules(from, to, conversion.enums).map((rule) => refuseConversionMisfits(conversion, rule, mysqlMisfit(rule, from, q(from.name)), table, asText));
}
