import type { Knex } from 'knex';
import type { RuntimeDriver } from '../dialects/runtime-driver';
import type { KnexClient } from './connection-lease';
import { QueryError } from './errors';
import { knexOnConnection } from './transaction-knex';

const ENDED = 'This transaction has already committed or rolled back; begin nested transactions inside its callback, and wait for them there.';

const ROLLED_BACK =
  'The transaction was rolled back, not committed: a statement in it failed, which made the database abort the whole ' +
  'transaction, but the callback caught that error and returned. To go on after a statement that may fail, run it in ' +
  'a nested transaction (tx.transaction), whose failure undoes only its own work; otherwise let the error end the transaction.';

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
  /** Set when a savepoint inside this scope could not be rolled back: its work may remain, so this scope must not commit. */
  private tainted?: unknown;

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
    return (this.lent ??= knexOnConnection(this.pool, this.connection, () => this.completed, (body) => this.savepoint((scope) => body(scope.knex))));
  }

  /**
   * Runs `body` in a transaction on a connection from `pool`: commits when it returns, rolls back when it
   * throws, and gives the connection back. `beforeBegin` is a statement sent just before BEGIN (an isolation level
   * where the driver sets it so). When anything failed, the driver's `endOpenTransaction` rolls back
   * what the engine may have left open (SQLite keeps the transaction of a COMMIT that failed as busy).
   */
  static async run<R>(pool: Knex, driver: RuntimeDriver, body: (scope: TransactionScope) => Promise<R>, beforeBegin?: string): Promise<R> {
    const client = pool.client as unknown as KnexClient;
    const connection = await client.acquireConnection();
    const scope = new TransactionScope(connection, driver, pool);
    try {
      if (beforeBegin) await driver.run(connection, beforeBegin, [], false);
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
      if (this.completed) throw new QueryError(ENDED);
      // Named by depth: savepoints of one scope run one after another, so a name is never in use twice at once,
      // and the few names keep SQLite's per-connection statement cache for the statements that repeat.
      const name = `strata_savepoint_${this.depth + 1}`;
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

  /** How many savepoints deep this scope is: 0 for the transaction itself. */
  private get depth(): number {
    return this.parent ? this.parent.depth + 1 : 0;
  }

  /**
   * Runs `body`, then `commit`, once the savepoints begun in it have ended (a nested transaction the callback did
   * not wait for still belongs to it); when `body` throws, `rollback`. Nothing is sent once the transaction this
   * scope is in has ended: its connection may be serving another caller. A top-level ROLLBACK that fails is not
   * the error reported (the server ends the transaction anyway when the connection goes); a savepoint's that fails
   * leaves its work in the transaction, which is then rolled back rather than committed.
   */
  private async finish<R>(body: (scope: TransactionScope) => Promise<R>, commit: string, rollback: string): Promise<R> {
    let result: R;
    try {
      result = await body(this);
      await this.lastChild;
      if (this.tainted !== undefined) throw this.tainted;
    } catch (error) {
      this.ended = true;
      if (this.parent?.completed) throw error;
      try {
        await this.driver.run(this.connection, rollback, [], false);
      } catch (failure) {
        if (this.parent) {
          this.parent.tainted = new QueryError(
            `Rolling back a nested transaction failed (${(failure as Error).message}), so its work may remain: the transaction it was in is rolled back instead of committed.`,
            { cause: failure },
          );
        }
      }
      throw error;
    }
    this.ended = true;
    if (this.parent?.completed) throw new QueryError(ENDED);
    const { command } = await this.driver.run(this.connection, commit, [], false);
    if (command === 'ROLLBACK') throw new QueryError(ROLLED_BACK);
    return result;
  }
}
