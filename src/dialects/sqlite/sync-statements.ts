import type { Row } from '../runtime-driver';
import { normalizeSqliteError } from './errors';
import type { Result } from './statement-cache';

/**
 * The runtime's path on the synchronous drivers (better-sqlite3, node:sqlite): a statement runs on the calling
 * thread, with no hop to a thread pool and back, on a prepared statement kept per connection and per SQL text.
 * The public API stays asynchronous: the result comes back as a settled promise.
 *
 * The same rules as statement-cache.ts decide what is kept (the most recently used 100 statements, none with
 * many parameters or a large value). Neither driver needs a kept statement finalized before closing, and both
 * re-prepare one by themselves after a schema change.
 */
const MAX_STATEMENTS = 100;
const MAX_PARAMETERS = 100;
const MAX_KEPT_VALUE = 64 * 1024;

/** better-sqlite3's Statement and node:sqlite's StatementSync, as far as the runtime uses them. */
export interface SyncStatement {
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number | bigint };
  /** better-sqlite3: whether the statement returns rows; `all` fails on one that does not. */
  readonly reader?: boolean;
  /** better-sqlite3: rows as arrays of values in select-list order. */
  raw?(toggle: boolean): SyncStatement;
  /** node:sqlite (22.16+, 23.11+): rows as arrays of values in select-list order. */
  setReturnArrays?(toggle: boolean): void;
}

export interface SyncConnection {
  prepare(sql: string): SyncStatement;
}

/**
 * better-sqlite3 takes a numbered marker (`?1`, the runtime's reused parameter: see RuntimeDriver.placeholder)
 * for a named parameter "1", to be given in an object, and binds the anonymous `?` from the other values. It
 * cannot say which statements have one, and the SQL text cannot be searched for it (a quoted name may contain
 * `?1`): a statement whose values it refuses is tried once that way, and remembered.
 */
const numberedFirst = new WeakSet<SyncStatement>();

function values(statement: SyncStatement, params: unknown[]): unknown[] {
  return numberedFirst.has(statement) ? [{ 1: params[0] }, ...params.slice(1)] : params;
}

function refusedValues(error: unknown): boolean {
  return (error as Error)?.name === 'RangeError' && /^(Too many parameter values were provided|Missing named parameters)/.test((error as Error).message);
}

/**
 * Runs one statement synchronously. With `positional`, rows come as arrays (the caller asks only where the
 * driver offers it: see RuntimeDriver.positionalRows).
 */
export function runSync(conn: SyncConnection, sql: string, params: unknown[], returnsRows: boolean, positional = false): Promise<Result> {
  try {
    return Promise.resolve(runNow(conn, sql, params, returnsRows, positional));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** As runSync, returning the result or throwing the error (made again in this realm: see normalizeSqliteError). */
export function runNow(conn: SyncConnection, sql: string, params: unknown[], returnsRows: boolean, positional = false): Result {
  try {
    return runOn(statementFor(conn, sql, params), params, returnsRows, positional);
  } catch (error) {
    throw normalizeSqliteError(error);
  }
}

/**
 * Runs one statement for each list of values, all or none (see `allOrNone`): prepared once, and kept unless a
 * list holds a large value (the kept statement would hold on to it) or `keep` is false. The rows of every run, in order.
 */
export function runEach(conn: SyncConnection, sql: string, paramLists: unknown[][], returnsRows: boolean, positional = false, keep = true): Result {
  return allOrNone(conn, () => {
    const large = !keep || paramLists.some((params) => params.some(isLarge));
    const statement = large ? conn.prepare(sql) : statementFor(conn, sql, paramLists[0] ?? []);
    // The first run tells whether the statement takes a numbered marker (see runOn); the others bind as it did.
    const first = paramLists.length === 0 ? { rows: [], count: 0 } : runOn(statement, paramLists[0]!, returnsRows, positional);
    if (returnsRows && statement.reader !== false) {
      const rows = first.rows;
      for (let i = 1; i < paramLists.length; i++) for (const row of statement.all(...values(statement, paramLists[i]!)) as Row[]) rows.push(row);
      return { rows, count: rows.length };
    }
    let count = first.count;
    for (let i = 1; i < paramLists.length; i++) count += Number(statement.run(...values(statement, paramLists[i]!)).changes);
    return { rows: [], count };
  });
}

/** Runs a prepared statement once; values it refuses are tried once more as for a numbered marker (see numberedFirst). */
function runOn(statement: SyncStatement, params: unknown[], returnsRows: boolean, positional: boolean): Result {
  try {
    return execute(statement, params, returnsRows, positional);
  } catch (error) {
    if (!statement.raw || numberedFirst.has(statement) || params.length === 0 || !refusedValues(error)) throw error;
    numberedFirst.add(statement);
    try {
      return execute(statement, params, returnsRows, positional);
    } catch (retried) {
      // Not a numbered marker after all: the values were wrong, as the first error said.
      if (!refusedValues(retried)) throw retried;
      numberedFirst.delete(statement);
      throw error;
    }
  }
}

function execute(statement: SyncStatement, params: unknown[], returnsRows: boolean, positional: boolean): Result {
  if (returnsRows && statement.reader !== false) {
    if (statement.raw) statement.raw(positional);
    else statement.setReturnArrays?.(positional);
    const rows = statement.all(...values(statement, params)) as Row[];
    return { rows, count: rows.length };
  }
  return { rows: [], count: Number(statement.run(...values(statement, params)).changes) };
}

interface Cache {
  readonly statements: Map<string, SyncStatement>;
  /** The SQL of the statement used last, which is already last in the map. */
  last?: string;
}

const caches = new WeakMap<SyncConnection, Cache>();

function statementFor(conn: SyncConnection, sql: string, params: unknown[]): SyncStatement {
  if (params.length > MAX_PARAMETERS) return conn.prepare(sql);
  for (let i = 0; i < params.length; i++) if (isLarge(params[i])) return conn.prepare(sql);
  let cache = caches.get(conn);
  if (!cache) caches.set(conn, (cache = { statements: new Map() }));
  const { statements } = cache;
  let statement = statements.get(sql);
  // The same statement again (a loop of findById): already the most recently used.
  if (statement && cache.last === sql) return statement;
  if (statement) {
    // Most recently used last: the map's first entry is the one to evict.
    statements.delete(sql);
  } else {
    statement = conn.prepare(sql);
    if (statements.size >= MAX_STATEMENTS) statements.delete(statements.keys().next().value!);
  }
  statements.set(sql, statement);
  cache.last = sql;
  return statement;
}

function isLarge(value: unknown): boolean {
  return typeof value === 'string' ? value.length > MAX_KEPT_VALUE : ArrayBuffer.isView(value) && value.byteLength > MAX_KEPT_VALUE;
}

/** better-sqlite3's Database and node:sqlite's DatabaseSync, as `allOrNone` uses them. */
interface SyncDatabase {
  exec(sql: string): unknown;
  /** better-sqlite3. */
  readonly inTransaction?: boolean;
  /** node:sqlite (22.16+, 23.11+). */
  readonly isTransaction?: boolean;
}

const SAVEPOINT = 'strata_all_or_none';

/**
 * Runs `fn` all or none: in a transaction of its own (BEGIN … COMMIT), or in a savepoint when one is open on the
 * connection (or the driver cannot say whether one is: a savepoint outside a transaction opens one). Nothing else
 * can run on the connection meanwhile, since nothing here waits. On failure, whatever `fn` did is rolled back and
 * the error (made again in this realm) thrown.
 */
function allOrNone<R>(conn: SyncConnection, fn: () => R): R {
  const db = conn as unknown as SyncDatabase;
  const nested = db.inTransaction ?? db.isTransaction ?? true;
  try {
    db.exec(nested ? `SAVEPOINT ${SAVEPOINT}` : 'BEGIN');
    const result = fn();
    db.exec(nested ? `RELEASE ${SAVEPOINT}` : 'COMMIT');
    return result;
  } catch (error) {
    try {
      // A COMMIT that failed (SQLITE_BUSY) leaves its transaction open: it is rolled back too.
      if (nested) db.exec(`ROLLBACK TO ${SAVEPOINT}; RELEASE ${SAVEPOINT}`);
      else if (db.inTransaction ?? db.isTransaction) db.exec('ROLLBACK');
    } catch {
      // The first error says what went wrong; SQLite may have rolled back already (SQLITE_FULL, say).
    }
    throw normalizeSqliteError(error);
  }
}
