/**
 * Type-level markers an entity class uses so that the repository's types know what its decorators say. They change
 * nothing at run time: TypeScript cannot read decorator options, so a column's default and a json column's
 * interface have to be stated in the class's types as well.
 */

/**
 * Names the properties the database fills in when an insert leaves them out (a generated key, a `default`,
 * `@CreatedAt`, `@UpdatedAt`), which `insert` then does not require. Every other non-nullable column is required.
 * @example
 * class User {
 *   declare [Defaults]?: 'id' | 'role' | 'createdAt';
 *   @PrimaryKey() id!: number;
 *   @Column({ default: 'member' }) role!: string;
 *   @CreatedAt() createdAt!: Date;
 * }
 */
export const Defaults: unique symbol = Symbol('strata-orm.defaults');

declare const JSON_VALUE: unique symbol;

/**
 * The type of a `json` column holding an object described by an interface or class, which the repository's types
 * would otherwise take for a related entity. Reads and writes as `T`.
 * @example @Column({ type: 'json' }) settings!: Json<{ theme: 'light' | 'dark' }>;
 */
export type Json<T> = T & { readonly [JSON_VALUE]?: true };

/** The key `Json` marks its types with, for the repository's types to tell a json value from an entity. */
export type JsonMark = typeof JSON_VALUE;
