import type { Knex } from 'knex';
import type { Dialect } from '../dialects';
import type { Row, Violation } from '../dialects/runtime-driver';
import { withCallerStack } from '../util/caller-stack';
import { ConnectionLease, type KnexClient } from './connection-lease';
import type { ConstraintError } from './errors';
import { QueryError } from './errors';
import type { TransactionScope } from './transaction-scope';
import { constraintError } from './violations';

const nothing = (): void => undefined;

/** One statement the runtime ran: for logging, and for tests that count queries. */
export interface QueryEvent {
  readonly sql: string;
  readonly params: readonly unknown[];
  readonly durationMs: number;
  /** Set when the statement failed. */
  readonly error?: unknown;
  /**
   * Set for a statement prepared once and run once for each list of values, all or none (a batch of insertMany on
   * better-sqlite3 and node:sqlite): each run's values, in order; `params` holds the first run's.
   */
  readonly runs?: readonly (readonly unknown[])[];
}

/** Turns a violation into its typed error; `describe` maps column names to `Entity.property` where known. */
export type ViolationHandler = (violation: Violation, cause: unknown) => Promise<ConstraintError>;

/**
 * Runs the runtime's SQL straight on a connection from knex's pool, or on a transaction's connection, with
 * the dialect's driver: no query builder in the hot path.
 */
export class Executor {
  private readonly client: KnexClient;
  /** Outside transactions, connections are leased; a transaction's connection is its scope's (or its knex client's). */
  private readonly lease?: ConnectionLease;
  /** A knex transaction's connection (a stream's cursor transaction), once its client has given it. */
  private trxConnection: unknown;
  /** The scope's connection as acquireNow hands it out: one object for every statement of the transaction. */
  private scopeHandle?: { readonly connection: unknown; readonly done: () => void };

  constructor(
    readonly knex: Knex | Knex.Transaction,
    readonly dialect: Dialect,
    private readonly onQuery?: (event: QueryEvent) => void,
    /** Turns a failure to get a connection into a clearer error, where the context knows why. */
    private readonly explainAcquireFailure?: (error: unknown) => unknown,
    /** In orm.transaction, the transaction whose connection every statement runs on. */
    private readonly scope?: TransactionScope,
    /** Whether a table is an entity's, whose absence means its migration has not run (see `failed`). */
    private readonly isEntityTable: (table: string) => boolean = () => false,
  ) {
    this.client = (knex as unknown as { client: KnexClient }).client;
    if (!scope && typeof (knex as Knex.Transaction).isCompleted !== 'function') this.lease = new ConnectionLease(this.client);
  }

  /** True when the transaction this executor runs in has committed or rolled back (never outside one). */
  isCompleted(): boolean {
    if (this.scope) return this.scope.completed;
    const trx = this.knex as Knex.Transaction;
    return typeof trx.isCompleted === 'function' && trx.isCompleted();
  }

  run(sql: string, params: readonly unknown[], returnsRows: boolean, onViolation?: ViolationHandler, positional = false): Promise<{ rows: Row[]; count: number }> {
    const driver = this.dialect.runtime;
    if (!driver.runNow) return this.execute(sql, params, (connection) => driver.run(connection, sql, params, returnsRows, positional), onViolation);
    // On a synchronous driver, unobserved, with a connection free at once (the transaction's, or the lease's): the
    // statement runs now and spends one promise, the one it resolves to (a loop of findById or of updates in a
    // transaction allocates less for the collector to clear).
    const now = this.onQuery || this.isCompleted() ? undefined : this.acquireNow();
    if (!now) return this.execute(sql, params, undefined, onViolation, (connection) => driver.runNow!(connection, sql, params, returnsRows, positional));
    let result: { rows: Row[]; count: number };
    try {
      result = driver.runNow(now.connection, sql, params, returnsRows, positional);
    } catch (error) {
      // Released first: describing a violation may query, and SQLite's pool has a single connection.
      now.done();
      return this.failed(error, onViolation);
    }
    now.done();
    return Promise.resolve(result);
  }

  /**
   * Runs one statement once for each list of values, all or none, on a synchronous driver that offers it (see
   * RuntimeDriver.runEach): rows come back in order. It is one query event, with every run's values (`runs`).
   */
  runEach(sql: string, paramLists: readonly (readonly unknown[])[], returnsRows: boolean, onViolation?: ViolationHandler, positional = false, keep = true): Promise<{ rows: Row[]; count: number }> {
    const { runEach } = this.dialect.runtime;
    if (!runEach) throw new Error('runEach needs a synchronous driver (RuntimeDriver.runEach).');
    return this.execute(sql, paramLists[0] ?? [], undefined, onViolation, (connection) => runEach(connection, sql, paramLists, returnsRows, positional, keep), paramLists);
  }

  /** Runs a raw statement (`orm.sql`): rows keyed by column name, the columns in `raw` undecoded (see RuntimeDriver.query). */
  query(sql: string, params: readonly unknown[], raw: ReadonlySet<string>, onViolation?: ViolationHandler): Promise<Row[]> {
    return this.execute(sql, params, (connection) => this.dialect.runtime.query(connection, sql, params, raw), onViolation);
  }

  /**
   * Runs `call` (or, on a synchronous driver, `callNow`, which spends no promise) on a connection. On a synchronous
   * driver, with the lease's connection free or in a transaction, nothing here waits for a promise either.
   */
  private async execute<R>(sql: string, params: readonly unknown[], call: ((connection: unknown) => Promise<R>) | undefined, onViolation?: ViolationHandler,
    callNow?: (connection: unknown) => R, runs?: readonly (readonly unknown[])[]): Promise<R> {
    if (this.isCompleted()) {
      throw new QueryError('This transaction has already committed or rolled back; run the query inside the transaction callback, or outside it through orm.');
    }
    const { connection, done } = this.acquireNow() ?? (await this.acquire());
    const started = this.onQuery ? performance.now() : 0;
    let failure: unknown;
    try {
      const result = callNow ? callNow(connection) : await call!(connection);
      this.onQuery?.({ sql, params, durationMs: performance.now() - started, ...(runs && { runs }) });
      return result;
    } catch (error) {
      // An asynchronous driver's error was made in the socket's read: its stack is made to lead back to the caller.
      failure = callNow ? error : withCallerStack(error);
      this.onQuery?.({ sql, params, durationMs: performance.now() - started, error: failure, ...(runs && { runs }) });
    } finally {
      done();
    }
    // Released first: describing a violation may query, and SQLite's pool has a single connection.
    return this.failed(failure, onViolation);
  }

  /** Rejects with a statement's failure: a constraint violation as its typed error (see ViolationHandler). */
  private async failed(failure: unknown, onViolation?: ViolationHandler): Promise<never> {
    const violation = this.dialect.runtime.violation(failure);
    if (violation) throw onViolation ? await onViolation(violation, failure) : constraintError(violation, {}, failure);
    // An entity's table missing: its migration has not run there. Any other (a name mistyped in orm.sql) stays the driver's error.
    const missing = this.dialect.runtime.missingTable(failure);
    if (missing !== undefined && this.isEntityTable(missing)) {
      throw new QueryError(
        `${(failure as Error).message}. "${missing}" is an entity's table: the migration that creates it has not run on this database; ` +
          'run `orm db:migrate` (in tests, reset_db creates the tables), or check the database URL.',
        { cause: failure },
      );
    }
    throw failure;
  }

  /** The connection when it can be had without waiting: a transaction's, or the lease's when free. */
  private acquireNow(): { connection: unknown; done: () => void } | undefined {
    // In orm.transaction, the transaction's connection (see TransactionScope), which nothing else runs on meanwhile.
    if (this.scope) return (this.scopeHandle ??= { connection: this.scope.connection, done: nothing });
    if (this.lease) return this.lease.acquireNow();
    return this.trxConnection === undefined ? undefined : { connection: this.trxConnection, done: nothing };
  }

  private async acquire(): Promise<{ connection: unknown; done: () => void }> {
    try {
      if (this.lease) return await this.lease.acquire();
      // A knex transaction's client always hands out the transaction's one connection (knex's makeTxClient): kept.
      this.trxConnection = await this.client.acquireConnection();
      return { connection: this.trxConnection, done: nothing };
    } catch (error) {
      throw this.explainAcquireFailure ? this.explainAcquireFailure(error) : error;
    }
  }

  async rows(sql: string, params: readonly unknown[]): Promise<Row[]> {
    return (await this.run(sql, params, true)).rows;
  }

  /** Rows for an entity's hydrator: arrays in select-list order where the driver offers them. */
  async entityRows(sql: string, params: readonly unknown[]): Promise<Row[]> {
    return (await this.run(sql, params, true, undefined, this.dialect.runtime.positionalRows)).rows;
  }
}
