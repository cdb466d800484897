import { assertNever } from '../util/assert-never';
import { ALL, buildCondition, combine } from './condition';
import { notDeleted, type SoftDeleteOptions } from './soft-delete';
import type { ColumnPlan, EntityTable } from './entity-table';
import { QueryError } from './errors';
import { validateInclude } from './include';
import type { QueryContext } from './query-context';
import type { Include, OrderBy, Where } from './query-types';
import { CursorBatches } from './stream-cursor';
import { KeysetBatches } from './stream-keyset';
import type { BatchSource, SortKey, StreamPlan } from './stream-plan';
import { compileOrderBy } from './where';

/** Rows per batch when `batchSize` is not given. */
const DEFAULT_BATCH_SIZE = 1000;

/** Options of `repository.stream`. */
export interface StreamOptions<T> extends SoftDeleteOptions {
  where?: Where<T>;
  /**
   * The order of the rows; the primary key is appended to break ties, so the order is total and the same on every
   * run. Default: the primary key, ascending.
   */
  orderBy?: OrderBy<T>;
  /** Rows read per round trip, and the most entities held at a time (with their includes). Default 1000. */
  batchSize?: number;
  /** Relations to load, one query per relation and batch. */
  include?: Include<T>;
  /** Read from the primary even when the Orm has read replicas. */
  primary?: boolean;
}

/** The entities of `table` matching the options, read in batches: see `Repository.stream`. */
export function openStream<T>(context: QueryContext, table: EntityTable<T>, options: StreamOptions<T>): AsyncIterableIterator<T> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new QueryError(`batchSize on ${table.className} must be a whole number, 1 or more (got ${batchSize}).`);
  const condition = combine('and', [buildCondition(table, options.where), notDeleted(table, options.withDeleted) ?? ALL]);
  const include = options.include as Record<string, unknown> | undefined;
  if (include) validateInclude(context, table, include);
  const plan: StreamPlan<T> = { table, condition, keys: sortKeys(table, options.orderBy), batchSize, include };
  if (condition.kind === 'none') return new EntityStream(() => ({ readAhead: false, next: async () => [], close: async () => undefined }));
  const streaming = context.dialect.runtime.streaming;
  return new EntityStream((): BatchSource<T> => {
    switch (streaming.kind) {
      case 'cursor':
        return new CursorBatches(context, plan, streaming.cursor);
      case 'keyset':
        return new KeysetBatches(context, plan, streaming);
    }
    return assertNever(streaming, 'streaming');
  });
}

/** The order's columns (validated as `find` validates them), then the primary key's that are not among them. */
function sortKeys(table: EntityTable, orderBy: OrderBy<unknown> | undefined): SortKey[] {
  compileOrderBy(table, orderBy);
  const keys: SortKey[] = [];
  const add = (column: ColumnPlan, descending: boolean): void => {
    if (!keys.some((k) => k.column === column)) keys.push({ column, reference: `${table.quoted}.${column.quoted}`, descending });
  };
  for (const item of (Array.isArray(orderBy) ? orderBy : orderBy ? [orderBy] : []) as Record<string, string | undefined>[]) {
    for (const [property, direction] of Object.entries(item)) if (direction !== undefined) add(table.column(property, 'orderBy'), direction === 'desc');
  }
  for (const column of table.primaryKey) add(column, false);
  return keys;
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * An async iterator over batches: `next` answers from the batch in hand without waiting. As soon as a batch is
 * handed over, the next one is read where the source allows it (outside transactions), so that the database works
 * while the loop does: at most two batches are held. Nothing is read before the first `next`. The end of the rows,
 * `return` (a `break` out of `for await`) and a failure each close the source once, after the batch being read
 * has arrived; after that, `next` reports the end. Calls are served in order, so they never overlap on the source.
 */
class EntityStream<T> implements AsyncIterableIterator<T> {
  private batch: readonly T[] = [];
  private index = 0;
  private source?: BatchSource<T>;
  /** The next batch, being read. */
  private ahead?: Promise<T[]>;
  private ended = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly open: () => BatchSource<T>) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.index < this.batch.length) return Promise.resolve({ done: false, value: this.batch[this.index++]! });
    return this.serially(() => this.read());
  }

  return(): Promise<IteratorResult<T>> {
    return this.serially(async () => {
      await this.end();
      return DONE;
    });
  }

  private serially<R>(step: () => Promise<R>): Promise<R> {
    const result = this.queue.then(step);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async read(): Promise<IteratorResult<T>> {
    if (this.index < this.batch.length) return { done: false, value: this.batch[this.index++]! };
    if (this.ended) return DONE;
    this.batch = [];
    const source = (this.source ??= this.open());
    let rows: T[];
    try {
      rows = await (this.ahead ?? source.next());
    } catch (error) {
      this.ahead = undefined;
      await this.end(error);
      throw error;
    }
    if (rows.length === 0) {
      this.ahead = undefined;
      await this.end();
      return DONE;
    }
    this.batch = rows;
    this.index = 1;
    if (source.readAhead) {
      this.ahead = source.next();
      // Seen when the loop gets there; a loop that stops first never asks for it.
      this.ahead.catch(() => undefined);
    }
    return { done: false, value: rows[0]! };
  }

  private async end(error?: unknown): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.batch = [];
    this.index = 0;
    const ahead = this.ahead;
    this.ahead = undefined;
    // The source is closed once the statement in flight has finished with its connection.
    if (ahead) await ahead.catch(() => undefined);
    await this.source?.close(error);
  }
}
