import type { Knex } from 'knex';
import { untilAborted } from '../common/until-aborted';
import type { UnitOptions } from '../dialect';

/** knex's pool (tarn) and the mysql2 connections it has lent out. */
interface PoolView {
  readonly client: { readonly pool?: { readonly used: readonly { readonly resource: { readonly threadId?: number } }[] } };
}

/**
 * One migration unit on MariaDB/MySQL, in a transaction or not. Every DDL statement commits on its own, so a
 * transaction here only keeps the unit's data statements together; what a unit's DDL did stays done when a
 * later statement fails (see the migrator's step progress). When `options.signal` aborts while `fn` runs, the
 * statements in flight on the connections the unit holds are stopped (`KILL QUERY`), then the unit rejects.
 */
export async function runMysqlUnit<T>(knex: Knex, transaction: boolean, fn: (db: Knex | Knex.Transaction) => Promise<T>, options: UnitOptions = {}): Promise<T> {
  const { signal } = options;
  const run = async (db: Knex | Knex.Transaction): Promise<T> => {
    if (!signal) return fn(db);
    const result = await untilAborted(fn(db), signal, () => killQueries(knex));
    if (signal.aborted) throw signal.reason;
    return result;
  };
  return transaction ? knex.transaction(run) : run(knex);
}

/**
 * Stops the statements running on the connections knex has lent out (during a unit, the unit's), from another
 * connection of the pool: the busy ones are not free to take it.
 */
async function killQueries(knex: Knex): Promise<void> {
  const threads = ((knex as unknown as PoolView).client.pool?.used ?? []).map((u) => u.resource.threadId).filter((id): id is number => typeof id === 'number');
  for (const id of threads) await knex.raw(`KILL QUERY ${Number(id)}`);
}
