import type { Knex } from 'knex';
import type { EntityClass } from '../decorators/options';
import type { QueryContext } from './query-context';
import { type SqlQuery, sqlQuery } from './raw-sql';
import type { Repository } from './repository';
import { type TableRef, tableRef } from './sql-ref';
import { checkTransactionOptions, type TransactionOptions, withRetries } from './transaction-retry';

/**
 * A transaction: repositories from `repository()` and queries on `knex` run inside it. Created by
 * `orm.transaction(fn)`, which commits when `fn` returns and rolls back when it throws.
 */
export class Transaction {
  constructor(private readonly context: QueryContext) {}

  /** The knex transaction, for raw queries inside this transaction. */
  get knex(): Knex.Transaction {
    return this.context.knex as Knex.Transaction;
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
  const driver = context.dialect.runtime;
  const isolation = options.isolation && driver.isolation(options.isolation);
  root.openTransactions++;
  try {
    return await withRetries(options.retries ?? 0, (error) => driver.retryable(error), async () => {
      try {
        return await context.knex.transaction(async (trx) => {
          const inner = context.on(trx);
          if (isolation) await inner.executor.run(isolation, [], false);
          return fn(new Transaction(inner));
        });
      } catch (error) {
        if (!context.root) await endOpenTransaction(context);
        throw error;
      }
    });
  } finally {
    root.openTransactions--;
  }
}

/** Rolls back what a failed top-level transaction may have left open on the pool's connection (see RuntimeDriver). */
async function endOpenTransaction(context: QueryContext): Promise<void> {
  const end = context.dialect.runtime.endOpenTransaction;
  if (!end) return;
  const client = (context.knex as unknown as { client: { acquireConnection(): Promise<unknown>; releaseConnection(c: unknown): Promise<unknown> } }).client;
  const connection = await client.acquireConnection();
  try {
    await end(connection);
  } finally {
    await client.releaseConnection(connection);
  }
}
