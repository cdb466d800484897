import type { Knex } from 'knex';
import { untilAborted } from '../common/until-aborted';
import type { UnitOptions } from '../dialect';

/**
 * One migration unit on PostgreSQL: in a transaction, or not. When `options.signal` aborts while `fn` runs, the
 * statement in flight is cancelled from another connection (`pg_cancel_backend`): a long ALTER TABLE must not
 * keep its locks until it would have finished. The transaction is then rolled back before the unit rejects,
 * and it never commits after an abort.
 */
export async function runPostgresUnit<T>(knex: Knex, transaction: boolean, fn: (db: Knex | Knex.Transaction) => Promise<T>, options: UnitOptions = {}): Promise<T> {
  const { signal } = options;
  if (!transaction) return untilAborted(fn(knex), signal);
  return knex.transaction(async (trx) => {
    const pid = signal ? ((await trx.raw('SELECT pg_backend_pid() AS pid')) as { rows: { pid: number }[] }).rows[0]!.pid : undefined;
    const result = await untilAborted(fn(trx), signal, () => knex.raw('SELECT pg_cancel_backend(?)', [pid!]));
    if (signal?.aborted) throw signal.reason;
    return result;
  });
}
