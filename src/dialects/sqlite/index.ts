import type { Dialect } from '../dialect';
import { quoteIdentifier } from '../common/sql-text';
import { sqliteRuntime } from './runtime';
import { introspectSqlite } from './introspect';
import { truncateSqlite } from './truncate';
import { normalizeSqlite } from './normalize';
import { sqlitePlanner } from './planner';
import { runSqliteUnit } from './unit';

export { ForeignKeyCheckError } from './unit';

export const sqlite: Dialect = {
  name: 'sqlite',
  client: 'sqlite3',
  capabilities: { transactionalDdl: true, nativeEnums: false, forwardReferences: true, maxParameters: 32766, singleConnection: true },
  normalize: normalizeSqlite,
  introspect: introspectSqlite,
  plan: (change, before, target) => (sqlitePlanner[change.kind] as Dialect['plan'])(change, before, target),
  truncate: truncateSqlite,
  async dropAll(knex) {
    await runSqliteUnit(knex, true, async (db) => {
      const tables = (await db.raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`)) as { name: string }[];
      for (const t of tables) await db.raw(`DROP TABLE ${quoteIdentifier(t.name)}`);
    });
  },
  runUnit: (knex, transaction, fn) => runSqliteUnit(knex, transaction, fn),
  withMigrationLock: (_knex, _options, fn) => fn(),
  runtime: sqliteRuntime,
  quote: quoteIdentifier,
};
