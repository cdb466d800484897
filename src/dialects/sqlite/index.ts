import type { Knex } from 'knex';
import type { Dialect } from '../dialect';
import { quoteIdentifier } from '../common/sql-text';
import { sqliteRuntime, syncSqliteRuntime } from './runtime';
import { introspectSqlite } from './introspect';
import { truncateSqlite } from './truncate';
import { normalizeSqlite } from './normalize';
import { planWith } from '../common/planner';
import { beginSqlitePlan, sqlitePlanner } from './planner';
import { lockFileWith } from './lock';
import { runSqliteUnit } from './unit';
import { finalizeStatements, type SqliteConnection } from './statement-cache';
import { loadSqliteDriver, type SqliteDriverName } from './drivers';
import { betterSqliteClient, nodeSqliteClient } from './knex-clients';

export { SQLITE_DRIVERS, isSqliteDriver, fastestSqliteDriver, type SqliteDriverName } from './drivers';

interface PooledConnection extends SqliteConnection {
  exec(sql: string, callback: (error: Error | null) => void): void;
  close(callback: (error: Error | null) => void): void;
}

/** The connection setup every SQLite connection gets: foreign keys enforced, and waits for a busy database. */
const SETUP = 'PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;';

/** What differs between the SQLite drivers; everything else is the dialect's. */
interface DriverParts {
  readonly runtime: Dialect['runtime'];
  /** knex's client: its name, or a class of ours (see knex-clients.ts). */
  readonly client: () => string | object;
  /** Sets up a new connection (SETUP), then calls `done`. */
  afterCreate(conn: unknown, done: (err: Error | null, conn: unknown) => void): void;
}

interface SyncDatabase {
  exec(sql: string): unknown;
}

const syncSetup = (conn: unknown, done: (err: Error | null, conn: unknown) => void): void => {
  try {
    (conn as SyncDatabase).exec(SETUP);
  } catch (error) {
    done(error as Error, conn);
    return;
  }
  done(null, conn);
};

const DRIVERS: Record<SqliteDriverName, DriverParts> = {
  sqlite3: {
    runtime: sqliteRuntime,
    client: () => 'sqlite3',
    afterCreate(conn, done) {
      const pooled = conn as PooledConnection;
      // The runtime keeps prepared statements on the connection, and SQLite refuses to close one that has
      // any: knex's client calls close() when the pool lets the connection go, so finalize them there.
      const close = pooled.close.bind(pooled);
      pooled.close = (callback) => void finalizeStatements(pooled).then(() => close(callback));
      pooled.exec(SETUP, (err) => done(err, conn));
    },
  },
  'better-sqlite3': {
    runtime: syncSqliteRuntime(() => true),
    client: betterSqliteClient,
    afterCreate: syncSetup,
  },
  'node:sqlite': {
    // Rows as arrays where this Node.js has StatementSync#setReturnArrays (22.16 and later).
    runtime: syncSqliteRuntime(() => 'setReturnArrays' in (loadSqliteDriver('node:sqlite') as { StatementSync: { prototype: object } }).StatementSync.prototype),
    client: nodeSqliteClient,
    afterCreate: syncSetup,
  },
};

/** The SQLite dialect on one driver. */
function sqliteOn(driver: SqliteDriverName): Dialect {
  const parts = DRIVERS[driver];
  return {
    name: 'sqlite',
    label: 'SQLite',
    client: driver,
    capabilities: {
      transactionalDdl: true,
      forwardReferences: true,
      // A column's type changes by rebuilding its table, foreign keys and all.
      foreignKeysPinTypes: false,
      maxParameters: 32766,
      returning: { insert: true, update: true, delete: true },
      upsert: 'conflictTarget',
      // Only an INTEGER PRIMARY KEY auto-increments, so knex's bigIncrements declares a bigint key INTEGER.
      bigintAutoIncrement: false,
      singleConnection: true,
      decimalDigits: 15,
    },
    quote: quoteIdentifier,
    schema: { normalize: normalizeSqlite, introspect: introspectSqlite, overLimits: () => [] },
    planner: planWith(sqlitePlanner, beginSqlitePlan),
    migrations: {
      runUnit: runSqliteUnit,
      withMigrationLock: lockFileWith(driver),
      truncate: truncateSqlite,
      async dropAll(knex) {
        await runSqliteUnit(knex, true, async (db) => {
          const tables = (await db.raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`)) as { name: string }[];
          for (const t of tables) await db.raw(`DROP TABLE ${quoteIdentifier(t.name)}`);
        });
      },
    },
    connection: {
      connectionWithTimeout: (connection) => connection,
      driverChoice: true,
      loadDriver: (load) => loadSqliteDriver(driver, load),
      ...(driver === 'node:sqlite' ? { builtinDriver: { nodeVersion: '22.13 or later', instead: 'for SQLite, ?driver=better-sqlite3 or ?driver=sqlite3, installed with npm' } } : {}),
      knexSettings: (pool) => ({
        client: parts.client() as Knex.Config['client'],
        useNullAsDefault: true,
        // Longer than busy_timeout, far shorter than knex's 60 s: waiting for the only connection that long
        // means a query is waiting for a transaction it runs inside of (see QueryContext).
        acquireConnectionTimeout: 15_000,
        // Exactly one connection, whatever the options say: SQLite allows one writer, an in-memory database
        // lives only as long as its connection, and a migration unit's pragmas and BEGIN IMMEDIATE must reach
        // the connection that runs the migration's statements.
        pool: { ...pool, min: 1, max: 1, idleTimeoutMillis: 2 ** 31 - 1, afterCreate: parts.afterCreate },
      }),
      explainConnectError: (error, message) =>
        error.code === 'SQLITE_CANTOPEN' ? `${message}. Does the file's directory exist, and is it writable?` : undefined,
    },
    runtime: parts.runtime,
  };
}

/** SQLite through the sqlite3 driver. */
export const sqlite: Dialect = sqliteOn('sqlite3');
/** SQLite through better-sqlite3. */
export const betterSqlite: Dialect = sqliteOn('better-sqlite3');
/** SQLite through Node's built-in node:sqlite (Node.js 22.13 and later). */
export const nodeSqlite: Dialect = sqliteOn('node:sqlite');
