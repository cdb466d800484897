/**
 * The types of `aggregate` and `groupBy`, derived from the entity class: which properties each aggregate takes,
 * and the JavaScript type of each result.
 */
import type { ColumnKeys, Direction, Operators, Where } from './query-types';

declare const decimalBrand: unique symbol;

/**
 * The type to declare a `decimal` column's property with: a string (exact, as every decimal is read), marked so
 * that `sum` and `avg` accept the property at compile time (a plain `string` property could be any text).
 * Any string is assignable to it, and it to `string`.
 * @example @Column({ type: 'decimal', precision: 10, scale: 2 }) price!: Decimal;
 */
export type Decimal = string & { readonly [decimalBrand]?: 'decimal' };

/** Properties `sum` and `avg` take: numbers, bigints and decimals. */
export type NumericKeys<T> = { [K in ColumnKeys<T>]-?: IsNumeric<NonNullable<T[K]>> extends true ? K : never }[ColumnKeys<T>];

type IsNumeric<V> = [V] extends [number | bigint] ? true : [V] extends [string & { readonly [decimalBrand]?: 'decimal' }] ? ([V] extends [{ readonly [decimalBrand]?: 'decimal' }] ? true : false) : false;

/** Properties `min` and `max` take: numbers, bigints, text, dates and times (not booleans, json or binary). */
export type OrderableKeys<T> = { [K in ColumnKeys<T>]-?: NonNullable<T[K]> extends number | bigint | string | Date ? K : never }[ColumnKeys<T>];

/** `sum` of a property: a number for integer and floating columns, a bigint for bigint ones, an exact string for decimals. */
export type SumOf<V> = NonNullable<V> extends bigint ? bigint : NonNullable<V> extends number ? number : string;

/** `avg` of a property: a number, but a string for a decimal column. */
export type AvgOf<V> = NonNullable<V> extends bigint | number ? number : string;

/** A value compared with a sum or an average: a number, or a bigint / decimal string for columns of those types. */
export type NumericInput<V> = NonNullable<V> extends bigint ? bigint | number : NonNullable<V> extends number ? number : string | number;

/** A condition on an aggregate: a value (equality; `null` means IS NULL) or the comparison operators of `where`. */
export type AggregateCondition<V> = V | null | Pick<Operators<V>, 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'notIn' | 'isNull'>;

/**
 * Conditions on a group's aggregates, all of which must hold (SQL's HAVING), named as the results are.
 * @example { count: { gt: 5 }, sum: { age: { gte: 100 } }, max: { createdAt: { gt: new Date('2026-01-01') } } }
 */
export interface Having<T> {
  count?: AggregateCondition<number>;
  sum?: { [K in NumericKeys<T>]?: AggregateCondition<NumericInput<T[K]>> };
  avg?: { [K in NumericKeys<T>]?: AggregateCondition<NumericInput<T[K]>> };
  min?: { [K in OrderableKeys<T>]?: AggregateCondition<NonNullable<T[K]>> };
  max?: { [K in OrderableKeys<T>]?: AggregateCondition<NonNullable<T[K]>> };
}

/** One key of a group order: a `by` property, the count, or an aggregate of a property. */
export type GroupOrderItem<T, B extends string> = { [K in B]?: Direction } & {
  count?: Direction;
  sum?: { [K in NumericKeys<T>]?: Direction };
  avg?: { [K in NumericKeys<T>]?: Direction };
  min?: { [K in OrderableKeys<T>]?: Direction };
  max?: { [K in OrderableKeys<T>]?: Direction };
};

/** The order of groups: `{ count: 'desc' }`, `{ sum: { age: 'asc' } }`, `{ kind: 'asc' }`, or a list of such. */
export type GroupOrderBy<T, B extends string> = GroupOrderItem<T, B> | readonly GroupOrderItem<T, B>[];

type Listed<L> = L extends readonly (infer K)[] ? K : never;

/**
 * What `aggregate` returns (and each group of `groupBy` holds besides its `by` values): `count` when asked for,
 * and `sum`, `avg`, `min`, `max` each an object of the properties listed; every aggregate but the count is null
 * when no row has a value.
 */
export type AggregateResult<T, C, S, A, Mn, Mx> = (C extends true ? { count: number } : unknown) &
  (S extends readonly unknown[] ? { sum: { [K in Listed<S> & keyof T]: SumOf<T[K]> | null } } : unknown) &
  (A extends readonly unknown[] ? { avg: { [K in Listed<A> & keyof T]: AvgOf<T[K]> | null } } : unknown) &
  (Mn extends readonly unknown[] ? { min: { [K in Listed<Mn> & keyof T]: NonNullable<T[K]> | null } } : unknown) &
  (Mx extends readonly unknown[] ? { max: { [K in Listed<Mx> & keyof T]: NonNullable<T[K]> | null } } : unknown);

/** A group of `groupBy`: its `by` values, typed as the entity declares them, and its aggregates. */
export type GroupResult<T, B, C, S, A, Mn, Mx> = { [K in Listed<B> & keyof T]: T[K] } & AggregateResult<T, C, S, A, Mn, Mx>;

export interface AggregateOptions<T, C, S, A, Mn, Mx> {
  where?: Where<T>;
  /** `true`: the number of rows (a number on every engine). */
  count?: C;
  sum?: S;
  avg?: A;
  min?: Mn;
  max?: Mx;
}

export interface GroupByOptions<T, B extends readonly ColumnKeys<T>[], C, S, A, Mn, Mx> extends AggregateOptions<T, C, S, A, Mn, Mx> {
  /** The properties whose distinct values make the groups. */
  by: B;
  having?: Having<T>;
  orderBy?: GroupOrderBy<T, Listed<B> & string>;
  limit?: number;
  offset?: number;
}
