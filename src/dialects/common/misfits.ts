import { adviseMisfit, describeMisfit, type EnumValues, type FitRule } from '../../changes/conversion';
import { describeType } from '../../changes/describe';
import type { Column } from '../../schema/model';
import type { MisfitMessage, Step } from '../../steps/step';
import { quoteIdentifier as q } from './sql-text';

/**
 * `refuseMisfits` steps that both engines plan the same way, and the query they all share: how many rows
 * of a table match a condition, and the smallest of an expression over them as an example.
 */

/** A `refuseMisfits` step over the rows of `table` where `where` holds (every row without it). */
export function refuseMisfits(table: string, message: MisfitMessage, where?: string, example?: string): Step {
  const query = `SELECT COUNT(*) AS misfits, ${example ? `MIN(${example})` : 'NULL'} AS example FROM ${q(table)}${where ? ` WHERE ${where}` : ''}`;
  return { kind: 'refuseMisfits', query, message };
}

/** `"users"."email"`, as messages name a column. */
export function columnLabel(table: string, column: string): string {
  return `"${table}"."${column}"`;
}

/**
 * A NOT NULL column without a default (and not filled by a sequence) cannot join a table that has rows:
 * PostgreSQL fails on the ALTER, SQLite on copying the rows into the rebuilt table, naming that table.
 * This fails first, naming the real one.
 */
export function needsValueForEveryRow(column: Column): boolean {
  return !column.nullable && column.default === undefined && !column.autoIncrement;
}

export function refuseRowsWithoutValue(table: string, column: Column): Step {
  return refuseMisfits(table, {
    action: `Cannot add ${columnLabel(table, column.name)} as NOT NULL without a default`,
    problem: 'would have no value in it',
    advice: 'Give the column a default, or add it nullable, fill it, and make it NOT NULL in a second migration.',
  });
}

/** A column made NOT NULL while rows hold NULL in it. */
export function refuseNulls(table: string, column: string): Step {
  return refuseMisfits(table, {
    action: `Cannot make ${columnLabel(table, column)} NOT NULL`,
    problem: 'hold NULL in it',
    advice: 'Fill those rows in an earlier migration (or by hand before this step), or keep the column nullable.',
  }, `${q(column)} IS NULL`);
}

/** A column's type change: the table as the user knows it, the column before and after, and enum values. */
export interface Conversion {
  readonly table: string;
  readonly from: Column;
  readonly to: Column;
  readonly enums: EnumValues;
}

/**
 * A type change, refused when a value breaks `rule`: `where` is the engine's test of a value (see each
 * dialect's `misfits.ts`) over the rows of `queried` (the table the change runs on, or SQLite's copy of it);
 * `asText` writes the engine's cast of a value to text, for the example.
 */
export function refuseConversionMisfits(conversion: Conversion, rule: FitRule, where: string, queried = conversion.table, asText = (x: string): string => `CAST(${x} AS TEXT)`): Step {
  const { table, from, to, enums } = conversion;
  const x = q(to.name);
  return refuseMisfits(queried, {
    action: `Cannot change ${columnLabel(table, to.name)} from ${typeLabel(from, enums.from)} to ${typeLabel(to, enums.to)}`,
    problem: describeMisfit(rule),
    advice: adviseMisfit(rule),
  }, `${x} IS NOT NULL AND (${where})`, asText(x));
}

/** `string(10)`, or `enum('a', 'b')` when the values are known. */
function typeLabel(column: Column, values: readonly string[] | undefined): string {
  return column.type === 'enum' && values ? `enum(${values.map((v) => `'${v}'`).join(', ')})` : describeType(column);
}
