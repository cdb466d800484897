import type { ColumnDefault, EntityClass } from '../decorators/options';
import type { ColumnType, ReferentialAction } from '../schema/model';

/** A validated column of an entity: what `fromMetadata` and the runtime read. */
export interface ColumnMetadata {
  /** The property name on the class. */
  readonly property: string;
  /** The database column name. */
  readonly name: string;
  readonly type: ColumnType;
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  readonly nullable: boolean;
  /** The default as the user wrote it (a literal or a `SqlExpression`). */
  readonly default?: ColumnDefault;
  readonly primary: boolean;
  readonly autoIncrement: boolean;
  /** `enum` only: the allowed values, in order. */
  readonly enumValues?: readonly string[];
  /** Earlier names of this column, most recent first. */
  readonly renamedFrom: readonly string[];
  readonly comment?: string;
  /** Maintained by the runtime on insert (`createdAt`) or on insert and update (`updatedAt`). */
  readonly timestamp?: 'createdAt' | 'updatedAt';
  /** Maintained by the runtime: the row's version (`@Version`), or the time it was soft-deleted (`@DeletedAt`). */
  readonly managed?: 'version' | 'deletedAt';
}

/** A unique constraint or index over properties of one entity. */
export interface IndexMetadata {
  readonly properties: readonly string[];
  /** An explicit name; absent means the generated `<table>_<columns>_unique|index`. */
  readonly name?: string;
}

/** A database foreign key implied by the entity's relations. */
export interface ForeignKeyMetadata {
  readonly properties: readonly string[];
  readonly target: EntityClass;
  readonly targetProperties: readonly string[];
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
}

export type RelationMetadata =
  | {
      readonly kind: 'belongsTo';
      readonly property: string;
      readonly target: EntityClass;
      /** Property of this entity holding the key. */
      readonly foreignKey: string;
      /** Property of the target that the key references (its primary key). */
      readonly targetKey: string;
    }
  | {
      readonly kind: 'hasMany' | 'hasOne';
      readonly property: string;
      readonly target: EntityClass;
      /** Property of the target holding the key. */
      readonly foreignKey: string;
      /** Property of this entity that the key references (its primary key). */
      readonly sourceKey: string;
    }
  | {
      readonly kind: 'belongsToMany';
      readonly property: string;
      readonly target: EntityClass;
      readonly through: EntityClass;
      /** Property of the junction referencing this entity. */
      readonly foreignKey: string;
      /** Property of the junction referencing the target. */
      readonly otherKey: string;
      readonly sourceKey: string;
      readonly targetKey: string;
    };

export interface EntityMetadata {
  readonly target: EntityClass;
  readonly className: string;
  readonly tableName: string;
  /** Earlier names of the table, most recent first. */
  readonly renamedFrom: readonly string[];
  /** In declaration order, inherited columns first, implied foreign key columns last. */
  readonly columns: readonly ColumnMetadata[];
  /** Properties of the primary key, in declaration order. */
  readonly primaryKey: readonly string[];
  readonly uniques: readonly IndexMetadata[];
  readonly indexes: readonly IndexMetadata[];
  readonly foreignKeys: readonly ForeignKeyMetadata[];
  readonly relations: readonly RelationMetadata[];
}
