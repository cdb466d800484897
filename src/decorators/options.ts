import type { ColumnType } from '../schema/model';
import type { SqlExpression } from '../util/sql-expression';

/** A class that can be an entity. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EntityClass<T = any> = abstract new (...args: any[]) => T;

/** A column default: a literal value, or `sql('…')` for an expression evaluated by the database. */
export type ColumnDefault =
  | string | number | boolean | bigint | Date | null | SqlExpression
  | readonly unknown[] | { readonly [key: string]: unknown };

/** Options of `@Column()`. Every option is optional; see docs/entities.md. */
export interface ColumnOptions {
  /** The logical type. Inferred from the TypeScript type under `emitDecoratorMetadata` when absent. */
  type?: ColumnType;
  /** The database column name. Default: the property name in snake_case. */
  name?: string;
  /** `string` only: maximum length. Default 255. */
  length?: number;
  /** `decimal`: total digits; `datetime`: fractional-second digits. */
  precision?: number;
  /** `decimal` only: digits after the point. */
  scale?: number;
  /** Default false: columns are NOT NULL unless they say otherwise. */
  nullable?: boolean;
  /** A literal default, or `sql('CURRENT_TIMESTAMP')` for an expression. */
  default?: ColumnDefault;
  /** Part of the primary key (the same as adding `@PrimaryKey()`). */
  primary?: boolean;
  /** Integer and bigint primary keys auto-increment unless this is false. */
  autoIncrement?: boolean;
  /** A single-column unique constraint; a string names it. */
  unique?: boolean | string;
  /** A single-column index; a string names it. */
  index?: boolean | string;
  /** `enum` only: the allowed values, as an array or a TypeScript string enum. */
  enum?: readonly string[] | { readonly [key: string]: string | number };
  /** The column's previous name: the next migration renames it instead of dropping it. */
  renamedFrom?: string | readonly string[];
  /** A comment stored with the column where the engine supports it (PostgreSQL). */
  comment?: string;
}

/** Options of `@PrimaryKey()`: a column option set, always NOT NULL. */
export type PrimaryKeyOptions = Omit<ColumnOptions, 'primary' | 'nullable' | 'unique'>;

/** Options of `@Table()`. */
export interface TableOptions {
  /** The table name. Default: the class name in snake_case, plural (`UserRole` → `user_roles`). */
  name?: string;
  /** The table's previous name: the next migration renames it instead of dropping it. */
  renamedFrom?: string | readonly string[];
}

/** Options of `@Index()` and `@Unique()`. */
export interface IndexOptions {
  /** The index or constraint name. Default: `<table>_<columns>_index` / `<table>_<columns>_unique`. */
  name?: string;
}

/** What the database does to referencing rows when the referenced row is deleted or its key updated. */
export type ReferentialActionOption =
  | 'cascade' | 'restrict' | 'set null' | 'set default' | 'no action'
  | 'CASCADE' | 'RESTRICT' | 'SET NULL' | 'SET DEFAULT' | 'NO ACTION';

export interface BelongsToOptions {
  /** The property holding the foreign key. Default: `<relation>Id`, added as a column when not declared. */
  foreignKey?: string;
  onDelete?: ReferentialActionOption;
  onUpdate?: ReferentialActionOption;
  /** Whether the foreign key column may be NULL (an optional relation). Default false. */
  nullable?: boolean;
}

export interface HasManyOptions {
  /** The property on the target holding the foreign key. Default: the target's `@BelongsTo` back to this entity. */
  foreignKey?: string;
}

export interface BelongsToManyOptions {
  /** The junction entity. */
  through: () => EntityClass;
  /** The junction's property referencing this entity. Default: its `@BelongsTo` to this entity, or `<thisClass>Id`. */
  foreignKey?: string;
  /** The junction's property referencing the target. Default: its `@BelongsTo` to the target, or `<targetClass>Id`. */
  otherKey?: string;
}

/** Options of `@CreatedAt()` and `@UpdatedAt()`. */
export interface TimestampOptions {
  /** The database column name. Default: the property name in snake_case. */
  name?: string;
}
