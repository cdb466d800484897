/**
 * The types of repository queries, derived from the entity class: an unknown property in `where`,
 * `orderBy` or `include` is a TypeScript error.
 */

type Scalar = string | number | boolean | bigint | Date | Uint8Array;

/** `unknown` (whose non-null part is `{}`) and index-signature types (`Record<string, …>`) are JSON values. */
type IsJsonLike<V> = {} extends V ? true : string extends keyof V ? true : false;

/**
 * True for a property holding related entities (an entity, or an array of them), rather than a value.
 * JSON columns typed `unknown` or `Record<string, …>` count as values.
 */
type IsRelation<V> = V extends Scalar ? false
  : V extends readonly (infer E)[] ? (E extends Scalar ? false : IsJsonLike<E> extends true ? false : true)
  : V extends object ? (IsJsonLike<V> extends true ? false : true) : false;

type DataKeys<T> = { [K in keyof T]-?: T[K] extends (...args: never[]) => unknown ? never : K }[keyof T] & string;

/** Properties holding column values. */
export type ColumnKeys<T> = { [K in DataKeys<T>]-?: IsRelation<NonNullable<T[K]>> extends true ? never : K }[DataKeys<T>];

/** Properties holding related entities. */
export type RelationKeys<T> = { [K in DataKeys<T>]-?: IsRelation<NonNullable<T[K]>> extends true ? K : never }[DataKeys<T>];

type Element<V> = V extends readonly (infer E)[] ? E : V;

/** Comparison operators for a value type; the text operators for strings only. */
export type Operators<V> = {
  eq?: V | null;
  ne?: V | null;
  gt?: V;
  gte?: V;
  lt?: V;
  lte?: V;
  in?: readonly V[];
  notIn?: readonly V[];
  /** `true`: IS NULL; `false`: IS NOT NULL. */
  isNull?: boolean;
} & ([V] extends [string] ? TextOperators : unknown);

/**
 * Text matching. `like` and `ilike` take patterns (`%` any run of characters, `_` one, `\` escapes); the others
 * take plain text, `%` and `_` included. Case-sensitive, but for `ilike` and `mode: 'insensitive'`.
 */
export interface TextOperators {
  like?: string;
  ilike?: string;
  startsWith?: string;
  endsWith?: string;
  contains?: string;
  /** `'insensitive'` makes like, startsWith, endsWith and contains ignore case. */
  mode?: 'default' | 'insensitive';
}

/** A scalar at a path inside a json column: `{ path: ['theme'], equals: 'dark' }`. */
export interface JsonPathCondition {
  path: readonly (string | number)[];
  equals?: string | number | boolean | null;
}

/** A value (equality; `null` means IS NULL) or operators; a path condition for a json column. */
export type Condition<V> = V | null | Operators<V> | (IsJsonLike<V> extends true ? JsonPathCondition : never);

/**
 * A filter on a relation's rows: `some`, `none`, `every` for to-many relations; `is`, `isNot` for to-one
 * relations (`null`: there is no related row / there is one).
 */
export type RelationFilter<V> = NonNullable<V> extends readonly (infer E)[]
  ? { some?: Where<E>; none?: Where<E>; every?: Where<E> }
  : { is?: Where<NonNullable<V>> | null; isNot?: Where<NonNullable<V>> | null };

/**
 * Conditions on an entity's columns and relations, all of which must hold, plus `and`/`or` lists and `not`.
 * @example { age: { gte: 18 }, kind: 'member', or: [{ name: { like: 'A%' } }, { email: null }], posts: { some: { title: { contains: 'orm' } } } }
 */
export type Where<T> = { [K in ColumnKeys<T>]?: Condition<NonNullable<T[K]>> } & { [K in RelationKeys<T>]?: RelationFilter<T[K]> } & {
  and?: readonly Where<T>[];
  or?: readonly Where<T>[];
  not?: Where<T>;
};

export type Direction = 'asc' | 'desc';

/** Sort order: `{ name: 'asc' }`, or a list of such for several keys, in order. */
export type OrderBy<T> = { [K in ColumnKeys<T>]?: Direction } | readonly { [K in ColumnKeys<T>]?: Direction }[];

/** Relations to load with the results; each may narrow, sort or nest its own. */
export type Include<T> = {
  [K in RelationKeys<T>]?: true | IncludeOptions<Element<NonNullable<T[K]>>>;
};

export interface IncludeOptions<T> {
  where?: Where<T>;
  orderBy?: OrderBy<T>;
  include?: Include<T>;
}

export interface FindOptions<T> {
  where?: Where<T>;
  orderBy?: OrderBy<T>;
  limit?: number;
  offset?: number;
  include?: Include<T>;
}

export type FindOneOptions<T> = Omit<FindOptions<T>, 'limit'>;

/** Column values for an insert or update: every column optional (the database supplies defaults). */
export type Values<T> = { [K in ColumnKeys<T>]?: T[K] };
