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
