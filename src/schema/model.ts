/**
 * The schema model: the one vocabulary that entities (through `fromMetadata`) and databases (through a
 * dialect's `introspect` and `normalize`) are both brought into, so that they can be compared.
 * Plain readonly data; build values with the factories in `factories.ts`.
 */

/** Logical column types. Each dialect maps them to engine types and back. */
export const COLUMN_TYPES = [
  'string', 'text', 'integer', 'bigint', 'float', 'double', 'decimal', 'boolean',
  'date', 'datetime', 'time', 'json', 'uuid', 'binary', 'enum',
] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** The fractional-second digits of a datetime that declares none: milliseconds, what a JavaScript Date holds. */
export const DATETIME_PRECISION = 3;

/**
 * A column default. Literals are kept in one canonical form per column type (see `canonicalLiteral`):
 * booleans for `boolean`, numbers for `integer`/`float`/`double`, strings for everything else.
 */
export type DefaultValue =
  | { readonly kind: 'literal'; readonly value: string | number | boolean }
  | { readonly kind: 'sql'; readonly expression: string };

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  /** `string` only: maximum length in characters. */
  readonly length?: number;
  /** `decimal`: total digits; `datetime`: fractional-second digits ({@link DATETIME_PRECISION} unless declared). */
  readonly precision?: number;
  /** `decimal` only: digits after the point. */
  readonly scale?: number;
  readonly nullable: boolean;
  readonly default?: DefaultValue;
  /** Values come from a sequence (serial/identity on PostgreSQL, AUTOINCREMENT on SQLite). */
  readonly autoIncrement: boolean;
  /** `enum` only: the name of the {@link Enum} holding the allowed values. */
  readonly enum?: string;
  readonly comment?: string;
}

export interface PrimaryKey {
  readonly name: string;
  readonly columns: readonly string[];
}

export interface Unique {
  readonly name: string;
  readonly columns: readonly string[];
}

/** A non-unique index. Unique indexes are {@link Unique}s. */
export interface Index {
  readonly name: string;
  readonly columns: readonly string[];
}

export const REFERENTIAL_ACTIONS = ['no action', 'restrict', 'cascade', 'set null', 'set default'] as const;
export type ReferentialAction = (typeof REFERENTIAL_ACTIONS)[number];

export interface ForeignKey {
  readonly name: string;
  readonly columns: readonly string[];
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
}

export interface Table {
  readonly name: string;
  /** In declaration order; order is not significant for equality. */
  readonly columns: readonly Column[];
  readonly primaryKey?: PrimaryKey;
  readonly uniques: readonly Unique[];
  readonly indexes: readonly Index[];
  readonly foreignKeys: readonly ForeignKey[];
}

/** A named set of allowed values: a native type on PostgreSQL, a CHECK constraint on SQLite. */
export interface Enum {
  readonly name: string;
  readonly values: readonly string[];
}

export interface Schema {
  readonly tables: readonly Table[];
  readonly enums: readonly Enum[];
}

/**
 * The kinds of object the model holds, named by the member of `Table` (or of `Schema`, beside its tables) that holds
 * them. Each stage that reads or writes schemas has a mapped type over these kinds, so a member added to `Table` or
 * `Schema` is a compile error in every stage until it says what it does with the new kind:
 * - introspection: each engine's `introspect…` builds its tables and schema `satisfies Every<Table>` / `Every<Schema>`;
 * - normalization: each engine's normalize is a `TableNormalizer` (dialects/common/normalize.ts), its schema `Every<Schema>`;
 * - diff: `CONSTRAINTS` in diff/constraints.ts matches, adds, drops and renames each member of a table but `columns`
 *   (which diff.ts compares itself), and `BESIDE_TABLES` in diff/diff.ts each member of a schema but `tables`, through
 *   change kinds that must exist;
 * - planning: every planner is a `Record` over the change kinds (dialects/common/planner.ts), so those changes are planned;
 * - rendering: `TABLE_BODY` in dialects/common/columns.ts writes each member of a table that is created.
 */
export type TableMember = Exclude<keyof Table, 'name'>;

/** The members of a schema: `tables`, and the objects beside them. */
export type SchemaMember = keyof Schema;

/**
 * An object literal naming every member of `T` (each may be `undefined`): what a stage that builds a `T` writes, with
 * `satisfies Every<T>`, so that a member it does not name does not compile (a spread of another `T` would hide one).
 */
export type Every<T> = { readonly [K in keyof T]-?: unknown };

/** The kinds of named constraint a table holds, as used by renames and by diff messages. */
export type ConstraintKind = 'primaryKey' | 'unique' | 'index' | 'foreignKey';
