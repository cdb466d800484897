/**
 * The types of repository queries, derived from the entity class: an unknown property in `where`,
 * `orderBy` or `include` is a TypeScript error.
 */

import type { Defaults, JsonMark } from '../decorators/entity-types';

type Scalar = string | number | boolean | bigint | Date | Uint8Array;

/**
 * JSON values: `unknown` (whose non-null part is `{}`), index-signature types (`Record<string, …>`) and types
 * marked `Json<…>`.
 */
type IsJsonLike<V> = {} extends V ? true : string extends keyof V ? true : JsonMark extends keyof V ? true : false;

/**
 * True for a property holding related entities (an entity, or an array of them), rather than a value.
 * JSON columns typed `unknown`, `Record<string, …>` or `Json<…>` count as values.
 */
type IsRelation<V> = V extends Scalar ? false
  : JsonMark extends keyof V ? false
  : V extends readonly (infer E)[] ? (E extends Scalar ? false : IsJsonLike<E> extends true ? false : true)
  : V extends object ? (IsJsonLike<V> extends true ? false : true) : false;

type DataKeys<T> = { [K in keyof T]-?: T[K] extends (...args: never[]) => unknown ? never : K }[keyof T] & string;

/** Properties holding column values. */
export type ColumnKeys<T> = { [K in DataKeys<T>]-?: IsRelation<NonNullable<T[K]>> extends true ? never : K }[DataKeys<T>];

/** Properties holding related entities. */
export type RelationKeys<T> = { [K in DataKeys<T>]-?: IsRelation<NonNullable<T[K]>> extends true ? K : never }[DataKeys<T>];

type Element<V> = V extends readonly (infer E)[] ? E : V;

/** Comparison operators for a value type; the text operators for strings only. `null` for a property that holds it. */
export type Operators<V, Nullable extends boolean = true> = {
  eq?: V | (Nullable extends true ? null : never);
  ne?: V | (Nullable extends true ? null : never);
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

/**
 * A value (equality; `null` means IS NULL, for a property whose type holds null or is optional) or operators; a
 * path condition for a json column.
 */
export type Condition<V, Nullable extends boolean = true> = V | (Nullable extends true ? null : never) | Operators<V, Nullable> | (IsJsonLike<V> extends true ? JsonPathCondition : never);

/** Whether a property's type holds null or undefined (`age!: number | null`, `age?: number`). */
type HoldsNull<V> = null extends V ? true : undefined extends V ? true : false;

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
export type Where<T> = { [K in ColumnKeys<T>]?: Condition<NonNullable<T[K]>, HoldsNull<T[K]>> } & { [K in RelationKeys<T>]?: RelationFilter<T[K]> } & {
  and?: readonly Where<T>[];
  or?: readonly Where<T>[];
  not?: Where<T>;
};

export type Direction = 'asc' | 'desc';

/** Sort order: `{ name: 'asc' }`, or a list of such for several keys, in order. */
export type OrderBy<T> = { [K in ColumnKeys<T>]?: Direction } | readonly { [K in ColumnKeys<T>]?: Direction }[];

/**
 * Relations to load with the results; each may narrow, sort or nest its own, and a to-many relation may page its
 * rows per parent (`limit`, `offset`), which a to-one relation, one row at most, does not take.
 */
export type Include<T> = {
  [K in RelationKeys<T>]?: boolean | (NonNullable<T[K]> extends readonly unknown[] ? IncludeOptions<Element<NonNullable<T[K]>>> : ToOneIncludeOptions<NonNullable<T[K]>>);
};

/** The options of a to-one relation's include (BelongsTo, HasOne): no paging. */
export type ToOneIncludeOptions<T> = Omit<IncludeOptions<T>, 'limit' | 'offset'>;

export interface IncludeOptions<T> {
  where?: Where<T>;
  orderBy?: OrderBy<T>;
  /** For a to-many relation: at most this many related rows per parent (after `offset`), in `orderBy` order. */
  limit?: number;
  /** For a to-many relation: related rows of each parent to skip. */
  offset?: number;
  include?: Include<T>;
}

export interface FindOptions<T, S extends readonly ColumnKeys<T>[] | undefined = readonly ColumnKeys<T>[] | undefined, I extends Include<T> = Include<T>> {
  where?: Where<T>;
  /** Only these properties are read (the primary key and the keys an include needs are read too). */
  select?: S;
  orderBy?: OrderBy<T>;
  limit?: number;
  offset?: number;
  include?: I;
  /**
   * One row per distinct combination of these properties' values (NULLs equal): of each group, the first by
   * `orderBy` then by primary key; the rows kept come in `orderBy` order, then by primary key.
   */
  distinct?: readonly ColumnKeys<T>[];
  /** Read from the primary even when the Orm has read replicas (to read your own writes). */
  primary?: boolean;
}

export type FindOneOptions<T, S extends readonly ColumnKeys<T>[] | undefined = readonly ColumnKeys<T>[] | undefined, I extends Include<T> = Include<T>> = Omit<FindOptions<T, S, I>, 'limit'>;

/**
 * What a find returns: the entity, or with `select` only the selected properties (methods stay), and every
 * included relation present and non-optional (`users[0].posts.length` compiles after `include: { posts: true }`).
 */
export type FindResult<T, S, I> = WithLoaded<Selected<T, S>, T, I>;

/**
 * `V` with its included relations replaced by their loaded types, not intersected with the declared ones: an
 * intersection of two array types would give `map` and `forEach` the declared element type, whose relations are
 * still optional.
 */
type WithLoaded<V, T, I> = Omit<V, LoadedKeys<T, I>> & Loaded<T, I>;

type LoadedKeys<T, I> = I extends object ? { [K in keyof I & RelationKeys<T>]: I[K] extends false | undefined ? never : K }[keyof I & RelationKeys<T>] : never;

type MethodKeys<T> = { [K in keyof T]-?: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T];

type Selected<T, S> = S extends readonly (infer K)[] ? Pick<T, (K & keyof T) | MethodKeys<T>> : T;

/** The included relations of `T`, each typed as declared without `undefined`, with its own includes loaded. */
export type Loaded<T, I> = I extends object
  ? { [K in keyof I & RelationKeys<T> as I[K] extends false | undefined ? never : K]-?: LoadedRelation<T[K], I[K]> }
  : unknown;

type NestedInclude<Spec> = Spec extends { include: infer N } ? N : undefined;

type LoadedRelation<V, Spec> = Exclude<V, undefined> extends readonly (infer E)[]
  ? WithLoaded<E, E, NestedInclude<Spec>>[]
  : LoadedOne<Exclude<V, undefined>, Spec>;

type LoadedOne<V, Spec> = V extends null ? null : WithLoaded<V, V, NestedInclude<Spec>>;

/**
 * `I`, with every property that `Shape` does not have (at any depth of plain objects) turned into `never`:
 * a misspelt key in an include that TypeScript inferred as a type parameter is then an error, as it is in an
 * object literal checked against its type directly. Where `Shape` is a union (a condition is a value or
 * operators), a key of any of its object members is accepted.
 */
export type Exactly<I, Shape> = I extends readonly unknown[] | Date | Uint8Array | ((...args: never[]) => unknown)
  ? I
  : I extends object
    ? { [K in keyof I]: K extends KeysOfUnion<Shape> ? Exactly<I[K], ObjectPart<ValueOfUnion<Shape, K>, I[K]>> : never }
    : I;

type KeysOfUnion<U> = U extends unknown ? keyof U : never;
type ValueOfUnion<U, K extends PropertyKey> = U extends unknown ? (K extends keyof U ? U[K] : never) : never;
/** The object members of a union that a value of `V`'s kind (a list, or a plain object) is checked against. */
type ObjectPart<S, V> = V extends readonly unknown[] ? Extract<NonNullable<S>, readonly unknown[]> : Exclude<Extract<NonNullable<S>, object>, readonly unknown[]>;

/** Column values for an update: every column optional. */
export type Values<T> = { [K in ColumnKeys<T>]?: T[K] };

/** The properties an entity names in `[Defaults]`. */
type DefaultedKeys<T> = typeof Defaults extends keyof T ? Exclude<T[typeof Defaults & keyof T], undefined> : never;

/** Columns an insert must give: neither optional, nor nullable, nor named in the entity's `[Defaults]`. */
export type RequiredKeys<T> = {
  [K in ColumnKeys<T>]-?: undefined extends T[K] ? never : null extends T[K] ? never : K extends DefaultedKeys<T> ? never : K;
}[ColumnKeys<T>];

/** Relations to one entity (`@BelongsTo`, `@HasOne`). */
type ToOneKeys<T> = { [K in RelationKeys<T>]-?: NonNullable<T[K]> extends readonly unknown[] ? never : K }[RelationKeys<T>];

/** A related entity, or an object giving at least the key the foreign key refers to. */
export type EntityRef<E> = { [K in ColumnKeys<E>]?: E[K] };

/**
 * Column values for an insert: every column in `RequiredKeys` must be given, the others may. A `@BelongsTo`
 * relation may be given instead of its foreign key (the related entity, or an object with its key), which types a
 * foreign key the class does not declare as a property; a declared one named after its relation (`authorId` for
 * `author`) is required unless the relation is given, and the two are never given together.
 */
export type InsertValues<T> = { [K in Exclude<RequiredKeys<T>, RelationForeignKeys<T>>]: T[K] } & {
  [K in Exclude<ColumnKeys<T>, RequiredKeys<T>>]?: T[K];
} & { [K in Exclude<ToOneKeys<T>, KeyedRelations<T>>]?: EntityRef<NonNullable<T[K]>> | null } & KeyOrRelation<T>;

/** To-one relations whose foreign key is a required property named after them (`authorId` for `author`). */
type KeyedRelations<T> = { [K in ToOneKeys<T>]-?: `${K}Id` extends RequiredKeys<T> ? K : never }[ToOneKeys<T>];

/** The foreign keys of `KeyedRelations`. */
type RelationForeignKeys<T> = `${KeyedRelations<T>}Id`;

/**
 * For each of `KeyedRelations`: its foreign key, or the relation, not both. Each relation's choice is a parameter
 * type, so that inferring one parameter from all of them intersects the choices instead of their branches.
 */
type KeyOrRelation<T> = [{ [K in KeyedRelations<T>]: (choice: KeyOrRelationOf<T, K>) => void }[KeyedRelations<T>]] extends [(choice: infer All) => void]
  ? All
  : unknown;

type KeyOrRelationOf<T, K extends string> =
  | ({ [P in `${K}Id`]: T[P & keyof T] } & { [P in K]?: never })
  | ({ [P in `${K}Id`]?: never } & { [P in K]: EntityRef<NonNullable<T[K & keyof T]>> | null });
