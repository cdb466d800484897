import type { ChangeOf } from '../../changes/change';
import { isExtension } from '../../schema/enum-values';
import { fitRules } from '../../changes/conversion';
import { columnsUsingEnum, findEnum } from '../../schema/lookup';
import { typeChanged } from '../../schema/equality';
import type { Column, Schema } from '../../schema/model';
import { fitIdentifier } from '../../util/identifier';
import { call, raw, type Step } from '../../steps/step';
import { columnChain, foreignChain, primaryChain } from '../common/columns';
import { refuseConversionMisfits, refuseNulls } from '../common/misfits';
import { type Planner, portablePlanner } from '../common/planner';
import { quoteIdentifier as q, quoteString } from '../common/sql-text';
import { postgresMisfit } from './misfits';
import { postgresTypeCall } from './types';

/** PostgreSQL: knex's builder where it is exact, SQL for enum types, renames and sequences. */
/** PostgreSQL plans each change on its own: no migration needs state kept between its changes. */
export const postgresPlanner: Planner<unknown> = {
  ...portablePlanner<unknown>(postgresTypeCall),
  dropColumn: (c) => [{ kind: 'alterTable', table: c.table, body: [[call('dropColumn', c.column.name)]] }],
  alterColumn: (c, before) => alterColumn(c, before),
  addPrimaryKey: (c) => [{ kind: 'alterTable', table: c.table, body: [primaryChain(c.primaryKey)] }],
  dropPrimaryKey: (c) => [{ kind: 'alterTable', table: c.table, body: [[call('dropPrimary', c.primaryKey.name)]] }],
  addForeignKey: (c) => [{ kind: 'alterTable', table: c.table, body: [foreignChain(c.foreignKey)] }],
  dropForeignKey: (c) => [{ kind: 'alterTable', table: c.table, body: [[call('dropForeign', [...c.foreignKey.columns], c.foreignKey.name)]] }],
  renameConstraint: (c) => [
    // Renaming the index behind a primary key or unique constraint renames the constraint too.
    c.constraint === 'foreignKey'
      ? raw(`ALTER TABLE ${q(c.table)} RENAME CONSTRAINT ${q(c.from)} TO ${q(c.to)}`)
      : raw(`ALTER INDEX ${q(c.from)} RENAME TO ${q(c.to)}`),
  ],
  createEnum: (c) => [raw(createType(c.enum.name, c.enum.values))],
  dropEnum: (c) => [raw(`DROP TYPE ${q(c.enum.name)}`)],
  renameEnum: (c) => [raw(`ALTER TYPE ${q(c.from)} RENAME TO ${q(c.to)}`)],
  alterEnum: (c, before, target) => alterEnum(c, before, target),
};

function createType(name: string, values: readonly string[]): string {
  return `CREATE TYPE ${q(name)} AS ENUM (${values.map(quoteString).join(', ')})`;
}

function alterColumn(c: ChangeOf<'alterColumn'>, before: Schema): Step[] {
  const { from, to } = c;
  const steps: Step[] = [...(from.nullable && !to.nullable ? [refuseNulls(c.table, to.name)] : []), ...conversionChecks(c.table, from, to, before)];
  const column = `${q(c.table)}.${q(to.name)}`;
  if (!from.autoIncrement && to.autoIncrement) {
    const sequence = fitIdentifier(`${c.table}_${to.name}_seq`);
    steps.push(
      raw(`CREATE SEQUENCE IF NOT EXISTS ${q(sequence)} OWNED BY ${column}`),
      raw(`SELECT setval(${quoteString(q(sequence))}, COALESCE(MAX(${q(to.name)}), 0) + 1, false) FROM ${q(c.table)}`),
    );
  }
  const plain = (col: Column): Column => ({ ...col, autoIncrement: false, comment: undefined });
  const retyped = typeChanged(from, to);
  const nullChanged = from.nullable !== to.nullable;
  const defaultChanged = JSON.stringify(from.default) !== JSON.stringify(to.default) || from.autoIncrement !== to.autoIncrement;
  // knex converts to an enum with `USING (col::"type")`, which fails from another enum; through text it works.
  const toEnum = retyped && to.type === 'enum';
  if (toEnum) {
    const alter = `ALTER TABLE ${q(c.table)} ALTER COLUMN ${q(to.name)}`;
    if (from.default) steps.push(raw(`${alter} DROP DEFAULT`));
    steps.push(raw(`${alter} TYPE ${q(to.enum!)} USING ${q(to.name)}::text::${q(to.enum!)}`));
  }
  if (retyped || nullChanged || (defaultChanged && !to.autoIncrement)) {
    const chain = columnChain(plain(to), before, postgresTypeCall);
    steps.push({ kind: 'alterTable', table: c.table, body: [[...chain, call('alter', { alterType: retyped && !toEnum, alterNullable: nullChanged })]] });
  }
  if (to.autoIncrement && (defaultChanged || retyped || nullChanged)) {
    steps.push(raw(`ALTER TABLE ${q(c.table)} ALTER COLUMN ${q(to.name)} SET DEFAULT nextval(${quoteString(q(fitIdentifier(`${c.table}_${to.name}_seq`)))})`));
  }
  if (from.comment !== to.comment) {
    steps.push(raw(`COMMENT ON COLUMN ${column} IS ${to.comment ? quoteString(to.comment) : 'NULL'}`));
  }
  return steps;
}

/** Checks, on the table, that every value survives converting `from` into `to` (none when all do). */
function conversionChecks(table: string, from: Column, to: Column, before: Schema): Step[] {
  const values = (name: string | undefined): readonly string[] | undefined => (name === undefined ? undefined : findEnum(before, name)?.values);
  const conversion = { table, from, to, enums: { from: values(from.enum), to: values(to.enum) } };
  return fitRules(from, to, conversion.enums).map((rule) => refuseConversionMisfits(conversion, rule, postgresMisfit(rule, from, q(from.name))));
}

/**
 * Adds values in place when values are only added, so no row is rewritten. PostgreSQL refuses a value
 * added in place to be used before the transaction commits, so when a column of the target defaults to
 * one of the new values, or values are removed or reordered, it swaps in a new type instead (created in
 * this transaction, its values are usable), converting the columns through text.
 */
function alterEnum(c: ChangeOf<'alterEnum'>, before: Schema, target: Schema): Step[] {
  const name = c.to.name;
  const added = c.to.values.filter((v) => !c.from.values.includes(v));
  const defaultsToNew = columnsUsingEnum(target, name).some(({ column }) => column.default?.kind === 'literal' && added.includes(String(column.default.value)));
  if (isExtension(c.from.values, c.to.values) && !defaultsToNew) {
    const steps: Step[] = [];
    c.to.values.forEach((value, i) => {
      if (c.from.values.includes(value)) return;
      const position = i === 0 ? `BEFORE ${quoteString(c.to.values.find((v) => c.from.values.includes(v))!)}` : `AFTER ${quoteString(c.to.values[i - 1]!)}`;
      steps.push(raw(`ALTER TYPE ${q(name)} ADD VALUE ${quoteString(value)} ${position}`));
    });
    return steps;
  }
  const old = fitIdentifier(`${name}_strata_old`);
  const checks = columnsUsingEnum(before, name).flatMap(({ table, column }) => {
    const conversion = { table: table.name, from: column, to: column, enums: { from: c.from.values, to: c.to.values } };
    return fitRules(column, column, conversion.enums).map((rule) => refuseConversionMisfits(conversion, rule, postgresMisfit(rule, column, q(column.name))));
  });
  const steps: Step[] = [...checks, raw(`ALTER TYPE ${q(name)} RENAME TO ${q(old)}`), raw(createType(name, c.to.values))];
  for (const { table, column } of columnsUsingEnum(before, name)) {
    const alter = `ALTER TABLE ${q(table.name)} ALTER COLUMN ${q(column.name)}`;
    if (column.default) steps.push(raw(`${alter} DROP DEFAULT`));
    steps.push(raw(`${alter} TYPE ${q(name)} USING ${q(column.name)}::text::${q(name)}`));
    if (column.default?.kind === 'literal') steps.push(raw(`${alter} SET DEFAULT ${quoteString(String(column.default.value))}`));
  }
  steps.push(raw(`DROP TYPE ${q(old)}`));
  return steps;
}
