import type { Dialect } from '../dialect';
import { quoteIdentifier } from '../common/sql-text';
import { sqliteRuntime } from './runtime';
import { introspectSqlite } from './introspect';
import { truncateSqlite } from './truncate';
import { normalizeSqlite } from './normalize';
import { planWith } from '../common/planner';
import { sqlitePlanner } from './planner';
import { withLockFile } from './lock';
import { runSqliteUnit } from './unit';
import { finalizeStatements, type SqliteConnection } from './statement-cache';

export { ForeignKeyCheckError } from './foreign-key-check';

interface PooledConnection extends SqliteConnection {
  exec(sql: string, callback: (error: Error | null) => void): void;
  close(callback: (error: Error | null) => void): void;
}

export const sqlite: Dialect = {
  name: 'sqlite',
  client: 'sqlite3',
  capabilities: { transactionalDdl: true, nativeEnums: false, forwardReferences: true, maxParameters: 32766, singleConnection: true, decimalDigits: 15 },
  normalize: normalizeSqlite,
  introspect: introspectSqlite,
  plan: planWith(sqlitePlanner),
  truncate: truncateSqlite,
  async dropAll(knex) {
    await runSqliteUnit(knex, true, async (db) => {
      const tables = (await db.raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`)) as { name: string }[];
      for (const t of tables) await db.raw(`DROP TABLE ${quoteIdentifier(t.name)}`);
    });
  },
  runUnit: runSqliteUnit,
  withMigrationLock: withLockFile,
  connectionWithTimeout: (connection) => connection,
  knexSettings: (pool) => ({
    useNullAsDefault: true,
    // Longer than busy_timeout, far shorter than knex's 60 s: waiting for the only connection that long
    // means a query is waiting for a transaction it runs inside of (see QueryContext).
    acquireConnectionTimeout: 15_000,
    // Exactly one connection, whatever the options say: SQLite allows one writer, an in-memory database
    // lives only as long as its connection, and a migration unit's pragmas and BEGIN IMMEDIATE must reach
    // the connection that runs the migration's statements.
    pool: {
      ...pool, min: 1, max: 1, idleTimeoutMillis: 2 ** 31 - 1,
      afterCreate(conn: PooledConnection, done: (err: Error | null, conn: unknown) => void) {
        // The runtime keeps prepared statements on the connection, and SQLite refuses to close one that has
        // any: knex's client calls close() when the pool lets the connection go, so finalize them there.
        const close = conn.close.bind(conn);
        conn.close = (callback) => void finalizeStatements(conn).then(() => close(callback));
        conn.exec('PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;', (err) => done(err, conn));
      },
    },
  }),
  runtime: sqliteRuntime,
  quote: quoteIdentifier,
};
