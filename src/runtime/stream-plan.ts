import type { Row } from '../dialects/runtime-driver';
import type { Condition } from './condition';
import type { ColumnPlan, EntityTable } from './entity-table';
import { loadIncludes } from './include';
import type { QueryContext } from './query-context';

/** One key of a stream's order. */
export interface SortKey {
  readonly column: ColumnPlan;
  /**
   * The column qualified by its table: in ORDER BY, SQLite reads a bare name as the select list's column of that
   * name first, which for some types is an expression (a bigint's or a decimal's text) that sorts differently.
   */
  readonly reference: string;
  readonly descending: boolean;
}

/** What a stream reads, validated: its rows, their order (the primary key last, so it is total), its batches. */
export interface StreamPlan<T> {
  readonly table: EntityTable<T>;
  readonly condition: Condition;
  readonly keys: readonly SortKey[];
  readonly batchSize: number;
  readonly include?: Record<string, unknown>;
}

/** Where a stream's batches come from. */
export interface BatchSource<T> {
  /**
   * The next batch may be read while the loop works on the one before: not in a transaction, whose connection the
   * loop's own statements share (pg is to stop queueing a client's concurrent queries).
   */
  readonly readAhead: boolean;
  /** The next batch, as entities with their includes loaded; empty once every row has been read. */
  next(): Promise<T[]>;
  /**
   * Gives back what the reading holds (a cursor, a connection, a transaction), at the end or early; `error` is
   * the failure that ended it, if one did. Calling it again does nothing.
   */
  close(error?: unknown): Promise<void>;
}

/** `"a" ASC, "id" DESC`: the keys as an ORDER BY list. */
export function orderList(keys: readonly SortKey[]): string {
  return keys.map((k) => `${k.reference} ${k.descending ? 'DESC' : 'ASC'}`).join(', ');
}

/** A batch's rows as entities, with the plan's includes loaded through `context` (one query per relation). */
export async function entitiesOf<T>(context: QueryContext, plan: StreamPlan<T>, rows: readonly Row[]): Promise<T[]> {
  const entities = rows.map((row) => plan.table.hydrate(row));
  if (plan.include && entities.length > 0) await loadIncludes(context, plan.table, entities as object[], plan.include);
  return entities;
}
