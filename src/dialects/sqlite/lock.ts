import type { Knex } from 'knex';
import type { Database } from 'sqlite3';
import { ConfigError } from '../../config/errors';
import type { MigrationLockOptions } from '../dialect';
import { MigrationLockTimeoutError } from '../lock-timeout-error';
import { loadSqliteDriver, type SqliteDriverName } from './drivers';
import { sqliteErrorCode } from './errors';

/** How long one attempt waits inside SQLite (busy_timeout) before the loop checks its own timeout again. */
const ATTEMPT_MS = 250;
/** The synchronous drivers cannot wait inside SQLite without blocking the process: they retry this often. */
const RETRY_MS = 20;

/** An open lock file: an attempt to take its exclusive lock, which waits at most `waitMs`. */
interface LockFile {
  tryLock(waitMs: number): Promise<boolean>;
  unlock(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Holds the migration lock of a SQLite database for as long as `fn` runs: an exclusive transaction on a file
 * of its own beside the database, `<database>.<key>.lock` (an empty SQLite database; it stays, and must not
 * be deleted while a run may hold it), opened with the connection's own driver. The operating system releases
 * the lock when the process dies, so a crashed run never leaves a lock to clear by hand. Other runs wait for it
 * up to `timeoutMs`, however long the migrations take, then fail with a MigrationLockTimeoutError. A database in
 * memory (`:memory:`) is private to its connection: there is nothing to lock.
 *
 * Without it, runs waited only for each migration's write lock, under the connection's busy_timeout, and a
 * migration longer than that made the others fail with SQLITE_BUSY.
 */
export function lockFileWith(driver: SqliteDriverName) {
  return async function withLockFile<T>(knex: Knex, options: MigrationLockOptions, fn: () => Promise<T>): Promise<T> {
    const database = await mainDatabaseFile(knex);
    if (database === '') return fn();
    const path = lockFilePath(database, options.key);
    const lock = await openLockFile(driver, path);
    try {
      await acquire(lock, path, options);
      try {
        return await fn();
      } finally {
        await lock.unlock();
      }
    } finally {
      await lock.close();
    }
  };
}

/** The lock file of a database file, for a history table. */
function lockFilePath(database: string, key: string): string {
  return `${database}.${key.replace(/[^\w.-]/g, '_')}.lock`;
}

/** The file of the connection's main database: '' for a database in memory or a temporary one. */
async function mainDatabaseFile(knex: Knex): Promise<string> {
  const rows = (await knex.raw('PRAGMA database_list')) as { name: string; file: string }[];
  return rows.find((r) => r.name === 'main')?.file ?? '';
}

async function acquire(lock: LockFile, path: string, { timeoutMs, signal }: MigrationLockOptions): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (signal?.aborted) throw signal.reason;
    if (await lock.tryLock(Math.max(0, Math.min(ATTEMPT_MS, timeoutMs - (Date.now() - started))))) return;
    if (Date.now() - started >= timeoutMs) throw new MigrationLockTimeoutError(timeoutMs, `SQLite lock file ${path}`);
  }
}

function cannotOpen(path: string, error: unknown): ConfigError {
  const message = error instanceof Error ? error.message : String(error);
  return new ConfigError(`Cannot open the migration lock file ${path}, beside the database: ${message}. Its directory must be writable.`, { cause: error });
}

// No journal file: the lock's transaction writes nothing, and a file left by a crash would only confuse people.
const BEGIN = 'PRAGMA journal_mode = MEMORY; BEGIN EXCLUSIVE';

function openLockFile(driver: SqliteDriverName, path: string): Promise<LockFile> {
  return driver === 'sqlite3' ? openAsync(path) : Promise.resolve(openSync(driver, path));
}

/** sqlite3: SQLite waits for the lock on the driver's thread, up to busy_timeout. */
async function openAsync(path: string): Promise<LockFile> {
  // Loaded here, not at the top: PostgreSQL users never load the SQLite driver.
  const sqlite3 = require('sqlite3') as typeof import('sqlite3');
  const db = await new Promise<Database>((resolve, reject) => {
    const opened: Database = new sqlite3.Database(path, (error) => (error ? reject(cannotOpen(path, error)) : resolve(opened)));
  });
  const exec = (sql: string): Promise<void> => new Promise((resolve, reject) => db.exec(sql, (error) => (error ? reject(error) : resolve())));
  return {
    async tryLock(waitMs) {
      db.configure('busyTimeout', waitMs);
      try {
        await exec(BEGIN);
        return true;
      } catch (error) {
        if (sqliteErrorCode(error) !== 'SQLITE_BUSY') throw error;
        return false;
      }
    },
    unlock: () => exec('ROLLBACK'),
    close: () => new Promise((resolve) => db.close(() => resolve())),
  };
}

/**
 * better-sqlite3 and node:sqlite: SQLite's own wait would block the process (and a Ctrl-C with it), so each
 * attempt fails at once when the lock is taken and the next one comes after a timer.
 */
function openSync(driver: Exclude<SqliteDriverName, 'sqlite3'>, path: string): LockFile {
  interface SyncDatabase {
    exec(sql: string): unknown;
    close(): unknown;
  }
  let db: SyncDatabase;
  try {
    const module = loadSqliteDriver(driver);
    db = driver === 'node:sqlite'
      ? new (module as { DatabaseSync: new (path: string) => SyncDatabase }).DatabaseSync(path)
      : new (module as new (path: string) => SyncDatabase)(path);
    db.exec('PRAGMA busy_timeout = 0');
  } catch (error) {
    throw cannotOpen(path, error);
  }
  return {
    async tryLock(waitMs) {
      try {
        db.exec(BEGIN);
        return true;
      } catch (error) {
        if (sqliteErrorCode(error) !== 'SQLITE_BUSY') throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(RETRY_MS, waitMs)));
      return false;
    },
    unlock: async () => void db.exec('ROLLBACK'),
    close: async () => void db.close(),
  };
}
