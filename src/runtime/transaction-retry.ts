import type { IsolationLevel } from '../dialects/runtime-driver';
import { QueryError } from './errors';
import { checkOptions, TRANSACTION_OPTIONS } from './options';

/** Options of `orm.transaction`. */
export interface TransactionOptions {
  /**
   * The isolation level (default: the engine's, read committed on PostgreSQL). SQLite's transactions are always
   * serializable, so every level holds there.
   */
  readonly isolation?: IsolationLevel;
  /**
   * How many times to run the transaction again, after a short random wait that doubles each time, when it fails
   * with a serialization failure or deadlock (PostgreSQL 40001, 40P01) or a busy database (SQLite SQLITE_BUSY).
   * Default 0. The callback then runs more than once: keep side effects other than the database out of it.
   */
  readonly retries?: number;
}

const LEVELS: readonly IsolationLevel[] = ['read committed', 'repeatable read', 'serializable'];

/** The transaction failed with a retryable error on every try: `attempts` says how many, `cause` the last error. */
export class TransactionRetryError extends Error {
  override readonly name = 'TransactionRetryError';
  constructor(readonly attempts: number, cause: unknown) {
    super(`The transaction failed on each of its ${attempts} tries with a serialization failure, deadlock or busy database; the last: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/** Checks the options, so a bad one fails before the transaction begins. */
export function checkTransactionOptions(options: TransactionOptions): void {
  if (typeof options !== 'object' || options === null) throw new QueryError('The options of orm.transaction are an object, such as { isolation: \'serializable\', retries: 3 }.');
  checkOptions(options, TRANSACTION_OPTIONS, 'orm.transaction');
  if (options.isolation !== undefined && !LEVELS.includes(options.isolation)) {
    throw new QueryError(`isolation is one of ${LEVELS.map((l) => `'${l}'`).join(', ')}; got ${JSON.stringify(options.isolation)}.`);
  }
  if (options.retries !== undefined && (!Number.isInteger(options.retries) || options.retries < 0)) {
    throw new QueryError(`retries is a whole number, 0 or more; got ${String(options.retries)}.`);
  }
}

/**
 * Runs `attempt` until it succeeds, fails with an error `retryable` does not recognize, or has run `retries + 1`
 * times, waiting between tries a random time up to 10 ms, 20 ms, 40 ms, … (at most 1 s): "full jitter", so
 * that transactions that collided do not collide again in step.
 */
export async function withRetries<R>(retries: number, retryable: (error: unknown) => boolean, attempt: () => Promise<R>): Promise<R> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!retryable(error) && !retryable((error as { cause?: unknown } | null)?.cause)) throw error;
      if (tries > retries) throw retries === 0 ? error : new TransactionRetryError(tries, error);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(1000, 10 * 2 ** (tries - 1))));
    }
  }
}
