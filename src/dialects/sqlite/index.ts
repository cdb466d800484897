import type { Knex } from 'knex';
import type { Dialect } from '../dialect';
import { quoteIdentifier } from '../common/sql-text';
import { introspectSqlite } from './introspect';
import { truncateSqlite } from './truncate';
import { normalizeSqlite } from './normalize';
import { sqlitePlanner } from './planner';

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

export const sqlite: Dialect = {
  name: 'sqlite',
  client: 'sqlite3',
  capabilities: { transactionalDdl: true, nativeEnums: false, forwardReferences: true, maxParameters: 32766 },
  normalize: normalizeSqlite,
  introspect: introspectSqlite,
  plan: (change, before, target) => (sqlitePlanner[change.kind] as Dialect['plan'])(change, before, target),
  truncate: truncateSqlite,
  async dropAll(knex) {
    await sqlite.runUnit(knex, true, async (db) => {
      const tables = (await db.raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`)) as { name: string }[];
      for (const t of tables) await db.raw(`DROP TABLE ${quoteIdentifier(t.name)}`);
    });
  },
  /**
   * SQLite ignores `PRAGMA foreign_keys` inside a transaction, so it is switched off before BEGIN and
   * back on after COMMIT; `PRAGMA foreign_key_check` inside the transaction stands in for the checks.
   */
  async runUnit<T>(knex: Knex, transaction: boolean, fn: (db: Knex | Knex.Transaction) => Promise<T>): Promise<T> {
    await knex.raw('PRAGMA foreign_keys = OFF');
    try {
      const body = async (db: Knex | Knex.Transaction): Promise<T> => {
        const result = await fn(db);
        const violations = (await db.raw('PRAGMA foreign_key_check')) as { table: string; rowid: number; parent: string }[];
        if (violations.length > 0) throw new ForeignKeyCheckError(violations);
        return result;
      };
      return transaction ? await knex.transaction((trx) => body(trx)) : await body(knex);
    } finally {
      await knex.raw('PRAGMA foreign_keys = ON');
    }
  },
  quote: quoteIdentifier,
};
