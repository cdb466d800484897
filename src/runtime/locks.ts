import type { EntityTable } from './entity-table';
import { QueryError } from './errors';
import type { QueryContext } from './query-context';

/** Row locks on the rows a find reads, until the transaction ends. */
export interface LockOptions {
  /**
   * `'update'`: lock the rows read against writes and other locks (`FOR UPDATE`); `'share'`: against writes only
   * (`FOR SHARE`). Only inside a transaction. On SQLite, which locks the whole database, nothing is added.
   */
  readonly lock?: 'update' | 'share';
  /** Leave out rows another transaction has locked instead of waiting for them (`SKIP LOCKED`): a job queue's take. */
  readonly skipLocked?: boolean;
  /** Fail at once instead of waiting for a row another transaction has locked (`NOWAIT`; PostgreSQL error 55P03). */
  readonly noWait?: boolean;
}

/** The lock clause of a find, checked: '' when it asks for none. */
export function lockClause(context: QueryContext, table: EntityTable, options: LockOptions): string {
  const { lock, skipLocked, noWait } = options;
  if (lock === undefined) {
    if (skipLocked || noWait) throw new QueryError(`${skipLocked ? 'skipLocked' : 'noWait'} on ${table.className} applies to a locking read: add lock: 'update' (or 'share').`);
    return '';
  }
  if (lock !== 'update' && lock !== 'share') throw new QueryError(`lock on ${table.className} is 'update' or 'share', not ${JSON.stringify(lock)}.`);
  if (skipLocked && noWait) throw new QueryError(`A locking read on ${table.className} takes skipLocked or noWait, not both: one skips locked rows, the other fails on them.`);
  if (context.root === undefined) {
    throw new QueryError(`lock on ${table.className} holds rows until the transaction ends, so it needs one: read through tx.repository(${table.className}) inside orm.transaction(async (tx) => …).`);
  }
  return context.dialect.runtime.lockClause(lock, skipLocked ? 'skipLocked' : noWait ? 'noWait' : 'wait');
}
