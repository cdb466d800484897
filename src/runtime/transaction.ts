import type { Knex } from 'knex';
import type { EntityClass } from '../decorators/options';
import type { QueryContext } from './query-context';
import type { Repository } from './repository';

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

  /**
   * A nested transaction, as a savepoint: if `fn` throws, only its work is undone (and the error goes on
   * to the caller, who may catch it and continue the outer transaction).
   */
  transaction<R>(fn: (tx: Transaction) => Promise<R>): Promise<R> {
    return runTransaction(this.context, fn);
  }
}

/** Runs `fn` in a transaction (a savepoint inside another), committing on return, rolling back on throw. */
export async function runTransaction<R>(context: QueryContext, fn: (tx: Transaction) => Promise<R>): Promise<R> {
  const root = context.root ?? context;
  root.openTransactions++;
  try {
    return await context.knex.transaction((trx) => fn(new Transaction(context.on(trx))));
  } finally {
    root.openTransactions--;
  }
}
