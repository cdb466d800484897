import type { Column, ConstraintKind, Enum, ForeignKey, Index, PrimaryKey, Table, Unique } from '../schema/model';

/**
 * One schema change. Each carries its full before-state (a dropped column keeps the whole column, an
 * altered one keeps `from` and `to`), so {@link invert} is total and `down` is `up` inverted and reversed.
 * Table names are those the table has at the point where the change runs.
 */
export type Change =
  | { readonly kind: 'createTable'; readonly table: Table }
  | { readonly kind: 'dropTable'; readonly table: Table }
  | { readonly kind: 'renameTable'; readonly from: string; readonly to: string }
  | { readonly kind: 'addColumn'; readonly table: string; readonly column: Column }
  | { readonly kind: 'dropColumn'; readonly table: string; readonly column: Column }
  | { readonly kind: 'renameColumn'; readonly table: string; readonly from: string; readonly to: string }
  | { readonly kind: 'alterColumn'; readonly table: string; readonly from: Column; readonly to: Column }
  | { readonly kind: 'addPrimaryKey'; readonly table: string; readonly primaryKey: PrimaryKey }
  | { readonly kind: 'dropPrimaryKey'; readonly table: string; readonly primaryKey: PrimaryKey }
  | { readonly kind: 'addUnique'; readonly table: string; readonly unique: Unique }
  | { readonly kind: 'dropUnique'; readonly table: string; readonly unique: Unique }
  | { readonly kind: 'addIndex'; readonly table: string; readonly index: Index }
  | { readonly kind: 'dropIndex'; readonly table: string; readonly index: Index }
  | { readonly kind: 'addForeignKey'; readonly table: string; readonly foreignKey: ForeignKey }
  | { readonly kind: 'dropForeignKey'; readonly table: string; readonly foreignKey: ForeignKey }
  | { readonly kind: 'renameConstraint'; readonly table: string; readonly constraint: ConstraintKind; readonly from: string; readonly to: string }
  | { readonly kind: 'createEnum'; readonly enum: Enum }
  | { readonly kind: 'dropEnum'; readonly enum: Enum }
  | { readonly kind: 'alterEnum'; readonly from: Enum; readonly to: Enum }
  | { readonly kind: 'renameEnum'; readonly from: string; readonly to: string };

export type ChangeKind = Change['kind'];
export type ChangeOf<K extends ChangeKind> = Extract<Change, { kind: K }>;
