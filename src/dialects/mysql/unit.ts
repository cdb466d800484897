import type { Knex } from 'knex';
import { untilAborted } from '../common/until-aborted';
import type { UnitOptions } from '../dialect';

/**
 * One migration unit on MariaDB/MySQL, in a transaction or not. Every DDL statement commits on its own, so a
 * transaction here only keeps the unit's data statements together; what a unit's DDL did stays done when a
 * later statement fails (see the migrator's step progress). When `options.signal` aborts while `fn` runs, the
 * statement in flight is stopped from another connection (`KILL QUERY`), then the unit rejects.
 */
export async function runMysqlUnit<T>(knex: Knex, transaction: boolean, fn: (db: Knex | Knex.Transaction) => Promise<T>, options: UnitOptions = {}): Promise<T> {
  const { signal } = options;
  if (!signal) return transaction ? knex.transaction(async (trx) => fn(trx)) : fn(knex);
  const run = async (db: Knex | Knex.Transaction): Promise<T> => {
    const id = (((await db.raw('SELECT CONNECTION_ID() AS id')) as [{ id: number }[]])[0][0]!).id;
    const result = await untilAborted(fn(db), signal, () => knex.raw(`KILL QUERY ${Number(id)}`));
    if (signal.aborted) throw signal.reason;
    return result;
  };
  return transaction ? knex.transaction(run) : run(knex);
}
