/** The types of counting related rows in a find: `find({ count: { posts: true } })` and `row._count.posts`. */
import type { Exactly, RelationKeys, Where } from './query-types';

/** Relations holding lists of entities (HasMany, BelongsToMany). */
export type ToManyKeys<T> = { [K in RelationKeys<T>]-?: NonNullable<T[K]> extends readonly unknown[] ? K : never }[RelationKeys<T>];

type Element<V> = V extends readonly (infer E)[] ? E : V;

/** To-many relations to count for each row: `true`, or only the related rows matching a `where`. */
export type RelationCount<T> = { [K in ToManyKeys<T>]?: boolean | { where?: Where<Element<NonNullable<T[K]>>> } };

/** The `count` option of find, findOne and findAndCount, checked key by key against the entity. */
export interface CountOption<T, C extends RelationCount<T>> {
  /** Relations to count per row, in one query per relation: the counts are in `row._count`. */
  count?: C & Exactly<C, RelationCount<T>>;
}

/** The rows of a find with `count`: `_count` holds a number per counted relation. */
export type Counted<T, C> = [keyof C] extends [never]
  ? unknown
  : { _count: { [K in keyof C & RelationKeys<T> as C[K] extends false | undefined ? never : K]: number } };
