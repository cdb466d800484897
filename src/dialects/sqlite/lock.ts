import type { Knex } from 'knex';
import type { Database } from 'sqlite3';
import { ConfigError } from '../../config/errors';
import type { MigrationLockOptions } from '../dialect';
import { MigrationLockTimeoutError } from '../lock-timeout-error';

/** How long one attempt waits inside SQLite (busy_timeout) before the loop checks its own timeout again. */
const ATTEMPT_MS = 250;

/**
 * Holds the migration lock of a SQLite database for as long as `fn` runs: an exclusive transaction on a file
 * of its own beside the database, `<database>.<key>.lock` (an empty SQLite database; it stays, and must not
 * be deleted while a run may hold it). The operating system releases the lock when the process dies, so a
 * crashed run never leaves a lock to clear by hand. Other runs wait for it up to `timeoutMs`, however long
 * the migrations take, then fail with a MigrationLockTimeoutError. A database in memory (`:memory:`) is
 * private to its connection: there is nothing to lock.
 *
 * Without it, runs waited only for each migration's write lock, under the connection's busy_timeout, and a
 * migration longer than that made the others fail with SQLITE_BUSY.
 */
export async function withLockFile<T>(knex: Knex, options: MigrationLockOptions, fn: () => Promise<T>): Promise<T> {
  const database = await mainDatabaseFile(knex);
  if (database === '') return fn();
  const path = lockFilePath(database, options.key);
  const lock = await open(path);
  try {
    await acquire(lock, path, options);
    try {
      return await fn();
    } finally {
      await exec(lock, 'ROLLBACK');
    }
  } finally {
    await new Promise((resolve) => lock.close(resolve));
  }
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

async function acquire(lock: Database, path: string, { timeoutMs, signal }: MigrationLockOptions): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (signal?.aborted) throw signal.reason;
    lock.configure('busyTimeout', Math.max(0, Math.min(ATTEMPT_MS, timeoutMs - (Date.now() - started))));
    try {
      // No journal file: the transaction writes nothing, and a file left by a crash would only confuse people.
      await exec(lock, 'PRAGMA journal_mode = MEMORY; BEGIN EXCLUSIVE');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    }
    if (Date.now() - started >= timeoutMs) throw new MigrationLockTimeoutError(timeoutMs, `SQLite lock file ${path}`);
  }
}

function open(path: string): Promise<Database> {
  // Loaded here, not at the top: PostgreSQL users never load the SQLite driver.
  const sqlite3 = require('sqlite3') as typeof import('sqlite3');
  return new Promise((resolve, reject) => {
    const db: Database = new sqlite3.Database(path, (error) => {
      if (error) reject(new ConfigError(`Cannot open the migration lock file ${path}, beside the database: ${error.message}. Its directory must be writable.`, { cause: error }));
      else resolve(db);
    });
  });
}

function exec(db: Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) => db.exec(sql, (error) => (error ? reject(error) : resolve())));
}
