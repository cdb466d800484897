import type { RuntimeDriver } from '../dialects/runtime-driver';
import { isSqlExpression, type SqlExpression } from '../util/sql-expression';
import type { ColumnPlan, EntityTable } from './entity-table';
import { QueryError } from './errors';
import { renderTemplate, SqlQuery } from './raw-sql';
import type { Params } from './where';

const BRAND = Symbol.for('strata-orm.arithmetic');
const NUMERIC = new Set(['integer', 'bigint', 'float', 'double', 'decimal']);

/**
 * A change the database computes from the column's current value, in the UPDATE statement itself (so two
 * concurrent updates both count): made by {@link increment} and {@link decrement}. `A` is the amount's type:
 * number or bigint for numeric properties, a decimal string for decimal columns (typed `string`).
 */
export class Arithmetic<A extends number | bigint | string = number | bigint | string> {
  readonly [BRAND] = true;
  /** @internal */
  constructor(readonly operator: '+' | '-', readonly amount: A) {}
}

/**
 * Adds `amount` to a numeric column, atomically: `SET "n" = "n" + $1`. A NULL stays NULL.
 * @example await users.update({ id }, { loginCount: increment(1) });
 */
export function increment(amount: number): Arithmetic<number>;
export function increment(amount: bigint): Arithmetic<bigint>;
export function increment(amount: string): Arithmetic<string>;
export function increment(amount: number | bigint | string): Arithmetic {
  return new Arithmetic('+', amount);
}

/**
 * Subtracts `amount` from a numeric column, atomically: `SET "n" = "n" - $1`. A NULL stays NULL.
 * @example await accounts.update({ id }, { balance: decrement('2.50') });
 */
export function decrement(amount: number): Arithmetic<number>;
export function decrement(amount: bigint): Arithmetic<bigint>;
export function decrement(amount: string): Arithmetic<string>;
export function decrement(amount: number | bigint | string): Arithmetic {
  return new Arithmetic('-', amount);
}

function isArithmetic(value: unknown): value is Arithmetic {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/**
 * What an update sets on one column, checked before any SQL is built: a value (bound, checked against the
 * column's type), an {@link Arithmetic} change (numeric columns only; its amount checked as a value of the
 * column), or a SQL expression (`sql\`now()\`` or an `orm.sql` fragment, its values bound).
 */
export type Assignment =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'arithmetic'; readonly operator: '+' | '-'; readonly amount: unknown }
  | { readonly kind: 'sql'; readonly fragment: SqlExpression | SqlQuery<unknown> };

/** The assignment of `value` to `column`, checked; `usage` names the operation in errors. */
export function assignment(table: EntityTable, column: ColumnPlan, value: unknown, usage: string): Assignment {
  if (isArithmetic(value)) {
    const name = `${table.className}.${column.property}`;
    if (!NUMERIC.has(column.meta.type)) {
      throw new QueryError(`${value.operator === '+' ? 'increment' : 'decrement'} applies to numeric columns, and ${name} is ${column.meta.type} (in ${usage}).`);
    }
    if (value.amount === null) throw new QueryError(`The amount of ${value.operator === '+' ? 'increment' : 'decrement'} for ${name} must be a number, not null.`);
    return { kind: 'arithmetic', operator: value.operator, amount: column.write(value.amount, usage) };
  }
  if (isSqlExpression(value) || value instanceof SqlQuery) return { kind: 'sql', fragment: value };
  return { kind: 'value', value: column.write(value, usage) };
}

/** `"column" = …` for an assignment, its values bound in `params`. */
export function renderAssignment(column: ColumnPlan, assigned: Assignment, params: Params, driver: RuntimeDriver): string {
  switch (assigned.kind) {
    case 'value':
      return `${column.quoted} = ${params.add(assigned.value)}`;
    case 'arithmetic':
      return `${column.quoted} = ${column.quoted} ${assigned.operator} ${params.add(assigned.amount)}`;
    case 'sql':
      return `${column.quoted} = (${assigned.fragment instanceof SqlQuery ? assigned.fragment.render(params, driver) : renderTemplate(assigned.fragment.strings, assigned.fragment.values, params, driver)})`;
  }
}
