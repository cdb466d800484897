import type { Knex } from 'knex';
import type { EntityClass } from '../decorators/options';
import { closedError, type QueryContext } from './query-context';
import { type SqlQuery, sqlQuery } from './raw-sql';
import type { Repository } from './repository';
import { type TableRef, tableRef } from './sql-ref';
import { checkTransactionOptions, type TransactionOptions, withRetries } from './transaction-retry';
import { TransactionScope } from './transaction-scope';

/**
 * A transaction: repositories from `repository()` and queries on `knex` run inside it. Created by
 * `orm.transaction(fn)`, which commits when `fn` returns and rolls back when it throws.
 */
export class Transaction {
  constructor(private readonly context: QueryContext) {}

  /** A knex transaction object for raw queries inside this transaction (see knexOnConnection: return or throw to end it). */
  get knex(): Knex.Transaction {
    return this.context.scope!.knex;
  }

  /** A repository whose queries run in this transaction. */
  repository<T extends object>(entity: EntityClass<T>): Repository<T> {
    return this.context.repository(entity);
  }

  /** `orm.sql` inside this transaction. */
  sql<T = Record<string, unknown>>(strings: TemplateStringsArray, ...values: unknown[]): SqlQuery<T> {
    return sqlQuery<T>(this.context, strings, values);
  }

  /** `orm.ref`: an entity's table and columns for `sql`. */
  ref<T extends object>(entity: EntityClass<T>, alias?: string): TableRef<T> {
    return tableRef(this.context.table(entity), this.context.dialect, alias);
  }

  /**
   * A nested transaction, as a savepoint: if `fn` throws, only its work is undone (and the error goes on
   * to the caller, who may catch it and continue the outer transaction).
   */
  transaction<R>(fn: (tx: Transaction) => Promise<R>): Promise<R> {
    return runTransaction(this.context, fn);
  }
}

/**
 * Runs `fn` in a transaction (a savepoint inside another), committing on return, rolling back on throw; with
 * options (top level only), at an isolation level and tried again on serialization failures (see TransactionOptions).
 */
export async function runTransaction<R>(context: QueryContext, fn: (tx: Transaction) => Promise<R>, options: TransactionOptions = {}): Promise<R> {
  checkTransactionOptions(options);
  const root = context.root ?? context;
  if (root.closed) throw closedError();
  const driver = context.dialect.runtime;
  const isolation = options.isolation && driver.isolation(options.isolation);
  const beforeBegin = isolation && driver.isolationBeforeBegin && !context.scope ? isolation : undefined;
  const body = async (scope: TransactionScope): Promise<R> => {
    const inner = context.inScope(scope);
    if (isolation && !beforeBegin) await inner.executor.run(isolation, [], false);
    return fn(new Transaction(inner));
  };
  root.openTransactions++;
  try {
    return await withRetries(options.retries ?? 0, (error) => driver.retryable(error), () =>
      context.scope ? context.scope.savepoint(body) : TransactionScope.run(context.knex as Knex, driver, body, beforeBegin));
  } finally {
    root.openTransactions--;
  }
}
