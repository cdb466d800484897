import type { ColumnType } from '../schema/model';

/**
 * The reflect-metadata key under which Strata's TypeScript loader records the type a property declares, where the
 * design type TypeScript emits says too little (see config/declared-types.ts). Code compiled by another tool
 * carries none of it.
 */
export const DECLARED_TYPE_KEY = 'strata:declared-type';

/** A property's declared type, as the loader recorded it. */
export interface DeclaredType {
  /** The type as written, e.g. `'admin' | 'member'`, `number | null`, `Kind = 'a' | 'b'` for an alias. */
  readonly text: string;
  /** Whether it includes `null` or `undefined`. */
  readonly nullable: boolean;
  /** Whether it includes `null`, which a column that is not nullable refuses (`undefined` may stand for a default). */
  readonly includesNull: boolean;
  /** The string literals of a union of string literals. */
  readonly literals?: readonly string[];
  /** The column type of the one non-null member, for `number | null` and the like. */
  readonly base?: ColumnType;
}

/** The declared type recorded for a property, if the loader recorded one. */
export function declaredType(cls: Function, property: string): DeclaredType | undefined {
  const reflect = Reflect as unknown as { getOwnMetadata?: (key: string, target: object, property: string) => unknown };
  return reflect.getOwnMetadata?.(DECLARED_TYPE_KEY, cls.prototype as object, property) as DeclaredType | undefined;
}
