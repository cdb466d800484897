import type { SqlExpression } from '../util/sql-expression';
import type { SqlQuery } from './raw-sql';
import type { ColumnKeys } from './query-types';
import type { Arithmetic } from './update-values';

/**
 * What `increment`/`decrement` may change: numeric properties take a number or bigint amount, and properties
 * typed `string` a decimal string (decimal columns are strings; on a text column, the run-time check refuses it).
 */
type ArithmeticFor<V> = [NonNullable<V>] extends [number | bigint] ? Arithmetic<number | bigint> : [NonNullable<V>] extends [string] ? Arithmetic<string> : never;

/**
 * A column's new value in an update: a value of its type, `increment(n)` / `decrement(n)` on a numeric column,
 * or a SQL expression (`` sql`now()` `` or an `orm.sql` fragment).
 */
export type UpdateValue<V> = V | ArithmeticFor<V> | SqlExpression | SqlQuery<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The values of an update: every column optional, each a value, an arithmetic change or a SQL expression. */
export type UpdateValues<T> = { [K in ColumnKeys<T>]?: UpdateValue<T[K]> };

/** `{ returning: true }`: a write resolves to the rows it changed, as entities, instead of their number. */
export interface Returning {
  readonly returning: true;
}

/** Options of `update`. */
export interface UpdateOptions {
  /** Resolve to the updated rows as entities (their values after the update) instead of their number. */
  readonly returning?: boolean;
}

/** Options of `delete`. */
export interface DeleteOptions {
  /** Resolve to the deleted rows as entities instead of their number. */
  readonly returning?: boolean;
  /** On an entity with `@DeletedAt`: remove the rows (soft-deleted or not) instead of setting it. */
  readonly hard?: boolean;
}
