import type { Knex } from 'knex';

/** Foreign keys broken by a migration unit, as `PRAGMA foreign_key_check` reports them. */
export class ForeignKeyCheckError extends Error {
  override readonly name = 'ForeignKeyCheckError';
  constructor(readonly violations: readonly { table: string; rowid: number; parent: string }[]) {
    const first = violations[0]!;
    super(
      `${violations.length} row(s) would reference missing rows after this migration ` +
        `(first: table "${first.table}" rowid ${first.rowid} references "${first.parent}"); nothing was committed.`,
    );
  }
}

/**
 * One migration unit on SQLite. `PRAGMA foreign_keys` is ignored inside a transaction, so it is switched
 * off before BEGIN and back on after COMMIT, and `PRAGMA foreign_key_check` stands in for the checks before
 * committing. The transaction begins IMMEDIATE: it takes the database's write lock before reading anything,
 * so concurrent runs in other processes wait their turn (busy_timeout) instead of failing with
 * SQLITE_BUSY, which SQLite returns at once when a deferred transaction would have to upgrade its lock.
 *
 * This relies on the pool's single connection (see the dialect's knexSettings): statements of `fn` run on the connection
 * that holds the transaction. A rebuild renames under `PRAGMA legacy_alter_table = ON` (see rebuild.ts), which
 * a rollback does not undo: the unit turns it off again whatever happened.
 */
export async function runSqliteUnit<T>(knex: Knex, transaction: boolean, fn: (db: Knex) => Promise<T>): Promise<T> {
  await knex.raw('PRAGMA foreign_keys = OFF');
  try {
    if (!transaction) return await checked(knex, fn);
    await knex.raw('BEGIN IMMEDIATE');
    try {
      const result = await checked(knex, fn);
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
}

async function checked<T>(knex: Knex, fn: (db: Knex) => Promise<T>): Promise<T> {
  const result = await fn(knex);
  const violations = (await knex.raw('PRAGMA foreign_key_check')) as { table: string; rowid: number; parent: string }[];
  if (violations.length > 0) throw new ForeignKeyCheckError(violations);
  return result;
}
