import type { Knex } from 'knex';
import { untilAborted } from '../common/until-aborted';
import type { UnitOptions } from '../dialect';
import { describeViolations, findViolations, ForeignKeyCheckError, newViolations } from './foreign-key-check';

export { ForeignKeyCheckError } from './foreign-key-check';

/**
 * One migration unit on SQLite. `PRAGMA foreign_keys` is ignored inside a transaction, so it is switched
 * off before BEGIN and back on after COMMIT, and `PRAGMA foreign_key_check` stands in for the checks before
 * committing. The transaction begins IMMEDIATE: it takes the database's write lock before reading anything,
 * so concurrent runs in other processes wait their turn (busy_timeout) instead of failing with
 * SQLITE_BUSY, which SQLite returns at once when a deferred transaction would have to upgrade its lock.
 *
 * Interrupted (`options.signal`), it never commits: see UnitOptions.signal.
 *
 * This relies on the pool's single connection (see the dialect's knexSettings): statements of `fn` run on the connection
 * that holds the transaction. A rebuild renames under `PRAGMA legacy_alter_table = ON` (see rebuild.ts), which
 * a rollback does not undo: the unit turns it off again whatever happened.
 */
export async function runSqliteUnit<T>(knex: Knex, transaction: boolean, fn: (db: Knex) => Promise<T>, options: UnitOptions = {}): Promise<T> {
  const { signal } = options;
  const connection = signal ? await onlyConnection(knex) : undefined;
  let committing = false;
  const unit = (async (): Promise<T> => {
    await knex.raw('PRAGMA foreign_keys = OFF');
    try {
      if (!transaction) return await checked(knex, fn, options);
      await knex.raw('BEGIN IMMEDIATE');
      try {
        const result = await checked(knex, fn, options);
        if (signal?.aborted) throw signal.reason;
        committing = true;
        await knex.raw('COMMIT');
        return result;
      } catch (error) {
        await knex.raw('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } finally {
      try {
        await knex.raw('PRAGMA legacy_alter_table = OFF');
      } finally {
        await knex.raw('PRAGMA foreign_keys = ON');
      }
    }
  })();
  // On an abort, interrupt the statement under way (sqlite3_interrupt: it fails with SQLITE_INTERRUPT) and give
  // the unit a moment to roll back; but let a commit under way finish. Without the interrupt, the statement would
  // run to its end even after process.exit(), which waits for the driver's worker threads. A migration busy
  // with something else than a statement is not waited for: the unit rolls back once it returns.
  // The synchronous drivers have no interrupt, and need none: no statement of theirs is under way when the
  // abort is seen, since it runs on this very thread.
  const interrupt = async (): Promise<void> => {
    connection?.interrupt?.();
    await Promise.race([unit.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, ROLLBACK_GRACE_MS).unref())]);
  };
  return untilAborted(unit, signal, interrupt, () => !committing);
}

/** How long an interrupted unit waits for its migration to give up the connection and roll back. */
const ROLLBACK_GRACE_MS = 1000;

/**
 * The pool's only connection (see the dialect's knexSettings): the one that will run the unit's statements.
 * knex's client hands it out; it goes straight back.
 */
async function onlyConnection(knex: Knex): Promise<{ interrupt?(): void }> {
  const client = (knex as unknown as { client: { acquireConnection(): Promise<unknown>; releaseConnection(c: unknown): Promise<unknown> } }).client;
  const connection = await client.acquireConnection();
  await client.releaseConnection(connection);
  return connection as { interrupt?(): void };
}

/**
 * Runs `fn`, then fails if it left rows referencing missing rows that did not before: a dangling row that was
 * already there is the data's problem, not the migration's, and must not block every later migration. It is
 * reported through `warn` instead. Rows are told apart by what survives a rebuild (see findViolations).
 */
async function checked<T>(knex: Knex, fn: (db: Knex) => Promise<T>, options: UnitOptions): Promise<T> {
  const before = await findViolations(knex, true);
  const result = await fn(knex);
  const after = await findViolations(knex, before.length > 0);
  const { added, kept } = newViolations(before, after);
  if (added.length > 0) throw new ForeignKeyCheckError(added.map(({ identity: _identity, ...violation }) => violation));
  if (kept.length > 0) {
    options.warn?.(`Rows that referenced missing rows before this migration still do: ${describeViolations(kept)}. They did not stop it; fix or delete them.`);
  }
  return result;
}
