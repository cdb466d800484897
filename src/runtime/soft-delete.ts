import type { Condition } from './condition';
import type { ColumnPlan, EntityTable } from './entity-table';
import { QueryError } from './errors';

/** Reads of an entity with a `@DeletedAt` column leave soft-deleted rows out, unless asked for them. */
export interface SoftDeleteOptions {
  /** Include the rows that `delete` soft-deleted (those whose `@DeletedAt` is set). Default false. */
  readonly withDeleted?: boolean;
}

/** The `@DeletedAt` column of an entity, if it has one. */
export function deletedAtColumn(table: EntityTable): ColumnPlan | undefined {
  return table.columns.find((c) => c.meta.managed === 'deletedAt');
}

/**
 * The condition that keeps a table's rows that are not soft-deleted (`deleted_at IS NULL`), for every read of it:
 * a find, a count, a stream, an include, a relation filter's EXISTS; undefined for a table without `@DeletedAt`,
 * or when `withDeleted` asks for every row.
 */
export function notDeleted(table: EntityTable, withDeleted?: boolean): Condition | undefined {
  if (withDeleted) return undefined;
  const column = deletedAtColumn(table);
  return column && { kind: 'isNull', column, negated: false };
}

/** The `@DeletedAt` column `restore` needs, or a QueryError. */
export function requireDeletedAt(table: EntityTable, usage: string): ColumnPlan {
  const column = deletedAtColumn(table);
  if (!column) throw new QueryError(`${usage} needs a @DeletedAt() column on ${table.className}, which has none: its deletes remove rows.`);
  return column;
}
