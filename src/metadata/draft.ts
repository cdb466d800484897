import type { ColumnDefault, EntityClass } from '../decorators/options';
import type { DecoratorMode, RawRelation } from '../decorators/raw-store';
import type { ColumnType } from '../schema/model';
import type { EntityProblem } from './errors';
import type { ForeignKeyMetadata, IndexMetadata, RelationMetadata } from './types';

/** A column while the entities are being resolved: its type may wait for a relation to supply it. */
export interface DraftColumn {
  property: string;
  name: string;
  type?: ColumnType;
  /** Why the type could not be inferred, reported if nothing else supplies it. */
  typeProblem?: string;
  /** Its class was compiled without decorator metadata: reported once for the class, not per column. */
  noMetadata?: boolean;
  /** An invalid `type` option was already reported; say nothing more about the type. */
  typeReported?: boolean;
  length?: number;
  precision?: number;
  scale?: number;
  nullable: boolean;
  default?: ColumnDefault;
  primary: boolean;
  /** The user's explicit choice, if any; the default depends on the final type. */
  autoIncrement?: boolean;
  enumValues?: readonly string[];
  renamedFrom: readonly string[];
  comment?: string;
  timestamp?: 'createdAt' | 'updatedAt';
  managed?: 'version' | 'deletedAt';
  /** The property's type as declared, when Strata's loader recorded that it includes `null` (see finishColumn). */
  declaredWithNull?: string;
}

export interface DraftEntity {
  readonly cls: EntityClass;
  readonly className: string;
  readonly tableName: string;
  readonly renamedFrom: readonly string[];
  readonly columns: DraftColumn[];
  readonly uniques: IndexMetadata[];
  readonly indexes: IndexMetadata[];
  readonly foreignKeys: ForeignKeyMetadata[];
  readonly relations: RelationMetadata[];
  readonly rawRelations: { readonly property: string; readonly relation: RawRelation; readonly mode: DecoratorMode }[];
}

/** Collects problems so that one run reports all of them. */
export class Problems {
  readonly list: EntityProblem[] = [];
  private readonly seen = new WeakSet<object>();
  add(where: string, message: string): void {
    this.list.push({ where, message });
  }
  /** Whether a problem was found at `where` (`Class.property`) already. */
  has(where: string): boolean {
    return this.list.some((p) => p.where === where);
  }
  /** True the first time a record (a class's decorators, shared by the entities extending it) is met in this run. */
  firstTime(record: object): boolean {
    if (this.seen.has(record)) return false;
    this.seen.add(record);
    return true;
  }
}

export function primaryColumns(entity: DraftEntity): DraftColumn[] {
  return entity.columns.filter((c) => c.primary);
}

export function findDraftColumn(entity: DraftEntity, property: string): DraftColumn | undefined {
  return entity.columns.find((c) => c.property === property);
}

export function toArray<T>(value: T | readonly T[] | undefined): readonly T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}
