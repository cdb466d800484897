import type { Knex } from 'knex';
import type { RuntimeDriver } from '../dialects/runtime-driver';
import type { KnexClient } from './connection-lease';
import { QueryError } from './errors';
import { knexOnConnection } from './transaction-knex';

let savepoints = 0;

/**
 * A transaction, or a savepoint inside one, on the connection the runtime holds for it. BEGIN, SAVEPOINT, COMMIT,
 * RELEASE and ROLLBACK go to that connection directly through the dialect's driver, as the runtime's statements
 * do: no query builder and no knex transaction object per transaction. `completed` says it ended (statements
 * are then refused); `knex` lends it to raw knex queries (`tx.knex`), made the first time it is asked for.
 */
export class TransactionScope {
  private ended = false;
  /** The savepoint last begun in this scope: the next one begins after it ends, as on one connection they must. */
  private lastChild: Promise<unknown> = Promise.resolve();
  private lent?: Knex.Transaction;

  private constructor(
    readonly connection: unknown,
    private readonly driver: RuntimeDriver,
    private readonly pool: Knex,
    private readonly parent?: TransactionScope,
  ) {}

  /** True once this transaction or savepoint, or the one it is in, has committed or rolled back. */
  get completed(): boolean {
    return this.ended || (this.parent?.completed ?? false);
  }

  /** A knex transaction object on this scope's connection (see knexOnConnection). */
  get knex(): Knex.Transaction {
    return (this.lent ??= knexOnConnection(this.pool, this.connection, () => this.completed));
  }

  /**
   * Runs `body` in a transaction on a connection from `pool`: commits when it returns, rolls back when it
   * throws, and gives the connection back. When anything failed, the driver's `endOpenTransaction` rolls back
   * what the engine may have left open (SQLite keeps the transaction of a COMMIT that failed as busy).
   */
  static async run<R>(pool: Knex, driver: RuntimeDriver, body: (scope: TransactionScope) => Promise<R>): Promise<R> {
    const client = pool.client as unknown as KnexClient;
    const connection = await client.acquireConnection();
    const scope = new TransactionScope(connection, driver, pool);
    try {
      await driver.run(connection, 'BEGIN', [], false);
      return await scope.finish(body, 'COMMIT', 'ROLLBACK');
    } catch (error) {
      await driver.endOpenTransaction?.(connection);
      throw error;
    } finally {
      scope.ended = true;
      void client.releaseConnection(connection);
    }
  }

  /**
   * Runs `body` in a savepoint of this transaction, once the savepoints begun before it in this scope have
   * ended: when it throws, only its work is undone, and the error goes on to the caller.
   */
  savepoint<R>(body: (scope: TransactionScope) => Promise<R>): Promise<R> {
    const run = this.lastChild.then(async () => {
      // The connection went back to the pool when the transaction ended: nothing more may run on it.
      if (this.completed) throw new QueryError('This transaction has already committed or rolled back; begin nested transactions inside its callback.');
      const name = `strata_savepoint_${++savepoints}`;
      await this.driver.run(this.connection, `SAVEPOINT ${name}`, [], false);
      const scope = new TransactionScope(this.connection, this.driver, this.pool, this);
      try {
        return await scope.finish(body, `RELEASE SAVEPOINT ${name}`, `ROLLBACK TO SAVEPOINT ${name}`);
      } finally {
        scope.ended = true;
      }
    });
    this.lastChild = run.catch(() => undefined);
    return run;
  }

  /** Runs `body`, then `commit`; when `body` throws, `rollback` (whose own failure is not the error reported). */
  private async finish<R>(body: (scope: TransactionScope) => Promise<R>, commit: string, rollback: string): Promise<R> {
    let result: R;
    try {
      result = await body(this);
    } catch (error) {
      this.ended = true;
      await this.driver.run(this.connection, rollback, [], false).catch(() => undefined);
      throw error;
    }
    this.ended = true;
    await this.driver.run(this.connection, commit, [], false);
    return result;
  }
}
