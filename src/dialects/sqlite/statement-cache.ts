import type { Row } from '../runtime-driver';

/**
 * Prepared statements kept per connection, so a statement the application runs again (a findById, an
 * update by id in a loop) skips SQLite's parser and planner: with the sqlite3 driver that halves the cost
 * of a short statement. SQLite re-prepares a kept statement by itself when the schema or a pragma that
 * affects compiled code (foreign_keys) changes, so a kept statement never runs stale.
 *
 * A connection keeps its most recently used statements only, and never one with many parameters or a large
 * value: bulk inserts and long IN lists rarely repeat, and a statement holds a copy of the last values bound
 * to it until it runs again. Nor one that matches a bound pattern (see PATTERN_PARAMETER).
 * A kept statement must be finalized before its connection closes (SQLite refuses to close otherwise):
 * `finalizeStatements` does that, and the pool's connections call it from `close` (see the dialect's
 * knexSettings).
 */
const MAX_STATEMENTS = 100;
const MAX_PARAMETERS = 100;
/** Characters of a string, or bytes of a binary value, past which a statement is not kept. */
const MAX_KEPT_VALUE = 64 * 1024;
/**
 * A match of a bound pattern (`GLOB ?`, `LIKE ?`: Strata's text filters). SQLite plans such a statement for the
 * pattern bound when it is prepared: a kept one, run again with its pattern bound anew, ran 20% to 35% slower than
 * one prepared for its value (sqlite3 6.0.1, SQLite 3.52; W7 in bench/README.md), so these are prepared each time.
 */
const PATTERN_PARAMETER = /\b(?:GLOB|LIKE)\s+\?/i;

type RunCallback = (this: { changes: number }, error: Error | null) => void;
type RowsCallback = (error: Error | null, rows: Row[]) => void;

interface Statement {
  all(params: unknown[], callback: RowsCallback): void;
  run(params: unknown[], callback: RunCallback): void;
  finalize(callback: () => void): void;
  reset(callback: () => void): void;
}

/** The sqlite3 driver's Database, as knex's client hands it out. */
export interface SqliteConnection {
  all(sql: string, params: unknown[], callback: RowsCallback): void;
  run(sql: string, params: unknown[], callback: RunCallback): void;
  prepare(sql: string, callback: (error: Error | null) => void): Statement;
}

interface Entry {
  readonly ready: Promise<Statement>;
  statement?: Statement;
  /** Statements running on it: an evicted entry is finalized when the last one ends. */
  users: number;
  evicted: boolean;
}

interface Cache {
  readonly entries: Map<string, Entry>;
  /** Evicted entries still in use, finalized when their last user ends (or when the connection closes). */
  readonly draining: Set<Entry>;
}

const caches = new WeakMap<SqliteConnection, Cache>();

export interface Result {
  rows: Row[];
  count: number;
}

/** Runs one statement on the connection, on a kept prepared statement where one is worth keeping. */
export function runStatement(conn: SqliteConnection, sql: string, params: unknown[], returnsRows: boolean): Promise<Result> {
  if (params.length > MAX_PARAMETERS || params.some(isLarge) || PATTERN_PARAMETER.test(sql)) return runUnprepared(conn, sql, params, returnsRows);
  const cache = cacheOf(conn);
  const entry = acquire(cache, conn, sql);
  const done = (result: Result): Result => (release(cache, entry), result);
  const failed = (error: unknown): never => {
    release(cache, entry);
    throw error;
  };
  // A statement already prepared starts at once: nothing can finalize it between here and the driver's queue.
  if (entry.statement) return runPrepared(entry.statement, params, returnsRows).then(done, failed);
  return entry.ready.then((statement) => runPrepared(statement, params, returnsRows)).then(done, failed);
}

function isLarge(value: unknown): boolean {
  return typeof value === 'string' ? value.length > MAX_KEPT_VALUE : ArrayBuffer.isView(value) && value.byteLength > MAX_KEPT_VALUE;
}

/** Finalizes every statement kept for the connection; call before closing it. */
export async function finalizeStatements(conn: SqliteConnection): Promise<void> {
  const cache = caches.get(conn);
  if (!cache) return;
  caches.delete(conn);
  const entries = [...cache.entries.values(), ...cache.draining];
  cache.entries.clear();
  cache.draining.clear();
  await Promise.all(entries.map(finalize));
}

function cacheOf(conn: SqliteConnection): Cache {
  let cache = caches.get(conn);
  if (!cache) caches.set(conn, (cache = { entries: new Map(), draining: new Set() }));
  return cache;
}

function acquire(cache: Cache, conn: SqliteConnection, sql: string): Entry {
  let entry = cache.entries.get(sql);
  if (entry) {
    // Most recently used last: the map's first entry is the one to evict.
    cache.entries.delete(sql);
  } else {
    entry = prepare(cache, conn, sql);
    if (cache.entries.size >= MAX_STATEMENTS) evict(cache, cache.entries.keys().next().value!);
  }
  cache.entries.set(sql, entry);
  entry.users++;
  return entry;
}

function prepare(cache: Cache, conn: SqliteConnection, sql: string): Entry {
  const entry: Entry = {
    ready: new Promise<Statement>((resolve, reject) => {
      const statement = conn.prepare(sql, (error) => {
        if (!error) {
          entry.statement = statement;
          resolve(statement);
          return;
        }
        // Not kept: the next run prepares it again (the table may exist by then).
        if (cache.entries.get(sql) === entry) cache.entries.delete(sql);
        entry.evicted = true;
        reject(error);
      });
    }),
    users: 0,
    evicted: false,
  };
  return entry;
}

function release(cache: Cache, entry: Entry): void {
  entry.users--;
  if (entry.evicted && entry.users === 0 && cache.draining.delete(entry)) void finalize(entry);
}

function evict(cache: Cache, sql: string): void {
  const entry = cache.entries.get(sql)!;
  cache.entries.delete(sql);
  entry.evicted = true;
  if (entry.users > 0) cache.draining.add(entry);
  else void finalize(entry);
}

function finalize(entry: Entry): Promise<void> {
  return entry.ready.then(
    (statement) => new Promise<void>((resolve) => statement.finalize(() => resolve())),
    () => undefined,
  );
}

function runPrepared(statement: Statement, params: unknown[], returnsRows: boolean): Promise<Result> {
  return new Promise((resolve, reject) => {
    // A statement that failed (SQLITE_BUSY, say) is left mid-step by the driver, and a kept one would hold its read
    // lock after the transaction ends, so that no other connection could ever commit: reset it before failing.
    const fail = (error: Error): void => statement.reset(() => reject(error));
    if (returnsRows) statement.all(params, (error, rows) => (error ? fail(error) : resolve({ rows, count: rows.length })));
    else statement.run(params, function (error) { return error ? fail(error) : resolve({ rows: [], count: this.changes }); });
  });
}

function runUnprepared(conn: SqliteConnection, sql: string, params: unknown[], returnsRows: boolean): Promise<Result> {
  return new Promise((resolve, reject) => {
    if (returnsRows) conn.all(sql, params, (error, rows) => (error ? reject(error) : resolve({ rows, count: rows.length })));
    else conn.run(sql, params, function (error) { return error ? reject(error) : resolve({ rows: [], count: this.changes }); });
  });
}
